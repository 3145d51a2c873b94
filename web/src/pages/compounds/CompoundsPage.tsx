import { useEffect, useState } from 'react';
import { Alert, Card, Descriptions, Space, Typography } from 'antd';
import { isApiError, messageOf } from '../../api/client';
import { getProfile, type CompoundProfile } from '../../api/compounds';
import { getPlace, placeLabel } from '../../api/places';
import { useUser } from '../../auth/context';
import { EmptyState, LoadError, PageLoading } from '../../components/PageState';
import { PlaceCascader } from '../../components/PlaceCascader';
import { ProfileForm } from './ProfileForm';
import { ResidentsCard } from './ResidentsCard';

type Picked = { kind: 'none' } | { kind: 'compound'; id: string } | { kind: 'above' };

/** The compound a picked place lies in (a building or unit picked means its compound). */
async function compoundOf(placeId: string): Promise<Picked> {
  const place = await getPlace(placeId);
  if (place.kind === 'compound') return { kind: 'compound', id: place.id };
  const step = place.path.find((s) => s.kind === 'compound');
  return step ? { kind: 'compound', id: step.id } : { kind: 'above' };
}

/** 小区五位一体: a compound's developer, builder, property company and residents. */
export default function CompoundsPage() {
  const user = useUser();
  const [placePath, setPlacePath] = useState<string[] | undefined>(undefined);
  const [picked, setPicked] = useState<Picked>({ kind: 'none' });
  const [ownCompound, setOwnCompound] = useState(false);
  const [profile, setProfile] = useState<CompoundProfile | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reload, setReload] = useState(0);

  // A compound office's own scope is the compound: it is shown at once, without a picker.
  useEffect(() => {
    if (!user.scope_place_id) return;
    getPlace(user.scope_place_id)
      .then((p) => {
        if (p.kind !== 'compound') return;
        setOwnCompound(true);
        setPicked({ kind: 'compound', id: p.id });
      })
      .catch(() => undefined); // the picker still works
  }, [user.scope_place_id]);

  const onPick = (path: string[] | undefined) => {
    setPlacePath(path);
    const last = path?.[path.length - 1];
    if (!last) {
      setPicked({ kind: 'none' });
      return;
    }
    compoundOf(last)
      .then(setPicked)
      .catch((e: unknown) => setError(messageOf(e)));
  };

  const compoundId = picked.kind === 'compound' ? picked.id : null;
  useEffect(() => {
    if (!compoundId) return;
    const controller = new AbortController();
    setProfile(null);
    setError(null);
    getProfile(compoundId, controller.signal)
      .then(setProfile)
      .catch((e: unknown) => {
        if (controller.signal.aborted) return;
        setError(isApiError(e) && e.status === 404 ? '小区不存在或不在管辖范围内' : messageOf(e));
      });
    return () => controller.abort();
  }, [compoundId, reload]);

  return (
    <div>
      <Space style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          小区五位一体
        </Typography.Title>
        {!ownCompound && (
          <PlaceCascader
            rootId={user.scope_place_id}
            value={placePath}
            onChange={onPick}
            placeholder="选择小区"
            style={{ width: 360 }}
            aria-label="小区"
            data-testid="compound-picker"
          />
        )}
      </Space>
      {picked.kind === 'none' && !ownCompound && (
        <EmptyState description="请选择一个小区, 查看和登记其开发商、建筑商、物业公司和居民情况" />
      )}
      {picked.kind === 'above' && (
        <Alert type="info" showIcon message="五位一体按小区登记, 请继续选择到小区" />
      )}
      {compoundId && error && <LoadError message={error} onRetry={() => setReload((n) => n + 1)} />}
      {compoundId && !error && !profile && <PageLoading />}
      {compoundId && profile && profile.compound.id === compoundId && (
        <>
          <Card size="small" style={{ marginBottom: 12 }}>
            <Descriptions size="small" column={3}>
              <Descriptions.Item label="小区">
                <Typography.Text strong data-testid="compound-name">
                  {profile.compound.name}
                </Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label="所在">{placeLabel(profile.compound, 0)}</Descriptions.Item>
              <Descriptions.Item label="编码">{profile.compound.code ?? '—'}</Descriptions.Item>
            </Descriptions>
          </Card>
          <ProfileForm profile={profile} onSaved={setProfile} />
          <div style={{ marginTop: 16 }}>
            <ResidentsCard residents={profile.residents} />
          </div>
        </>
      )}
    </div>
  );
}
