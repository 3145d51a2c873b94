import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Space, Typography } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Link, useSearchParams } from 'react-router';
import { isApiError, messageOf } from '../../api/client';
import { searchHouses, type HousePage } from '../../api/houses';
import { getPlace } from '../../api/places';
import { useUser } from '../../auth/context';
import { LoadError } from '../../components/PageState';
import { unitPathFor } from '../../lib/houseForm';
import {
  paramsToSearch,
  searchToParams,
  toHouseQuery,
  type HouseFilterValues,
  type HouseSearch,
} from '../../lib/houseSearch';
import { HouseFilterBar } from './HouseFilterBar';
import { HouseTable } from './HouseTable';
import { RegisterHouseModal } from './RegisterHouseModal';
import { mayManageCoordinators } from './roles';

/** 实有房屋: the house register, searched and added to. `?unit=` opens the form on a unit. */
export default function HousesPage() {
  const user = useUser();
  const [params, setParams] = useSearchParams();
  const [search, setSearch] = useState<HouseSearch>(() => paramsToSearch(params));
  const [initial] = useState(() => search.filters);
  const [result, setResult] = useState<HousePage | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [round, setRound] = useState(0);
  const [registering, setRegistering] = useState<{ unitPath?: string[] } | null>(null);
  const [registered, setRegistered] = useState<{ id: string; archiveNo: string } | null>(null);
  const unitParam = params.get('unit');

  const go = useCallback(
    (next: HouseSearch) => {
      setSearch(next);
      setParams(searchToParams(next), { replace: true });
    },
    [setParams],
  );

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    setError(null);
    searchHouses(toHouseQuery(search), controller.signal)
      .then((page) => {
        setResult(page);
        setLoading(false);
      })
      .catch((e: unknown) => {
        if (controller.signal.aborted) return;
        setError(isApiError(e) && e.status === 422 ? `查询条件有误: ${e.message}` : messageOf(e));
        setLoading(false);
      });
    return () => controller.abort();
  }, [search, round]);

  // From a unit's page (登记房屋): the form opens on that unit.
  useEffect(() => {
    if (!unitParam) return;
    let live = true;
    getPlace(unitParam)
      .then((unit) => live && setRegistering({ unitPath: unitPathFor(unit.path, user.scope_place_id) }))
      .catch(() => live && setRegistering({}));
    return () => {
      live = false;
    };
  }, [unitParam, user.scope_place_id]);

  const closeForm = () => {
    setRegistering(null);
    if (unitParam) setParams(searchToParams(search), { replace: true });
  };

  const onSearch = useCallback(
    (filters: HouseFilterValues) => go({ ...search, filters, page: 1 }),
    [go, search],
  );

  return (
    <div>
      <Space style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          实有房屋
        </Typography.Title>
        <Space>
          <Button icon={<ReloadOutlined />} onClick={() => setRound((n) => n + 1)}>
            刷新
          </Button>
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setRegistering({})}
            data-testid="house-register"
          >
            登记房屋
          </Button>
        </Space>
      </Space>
      {registered && (
        <Alert
          type="success"
          showIcon
          closable
          onClose={() => setRegistered(null)}
          style={{ marginBottom: 12 }}
          message={
            <span>
              房屋 {registered.archiveNo} 已登记。
              <Link to={`/houses/${registered.id}`} data-testid="house-registered-link">
                查看房屋, 办理租赁备案或检查
              </Link>
            </span>
          }
        />
      )}
      <HouseFilterBar
        scopePlaceId={user.scope_place_id}
        initial={initial}
        withCoordinator={mayManageCoordinators(user.role)}
        busy={loading}
        onSearch={onSearch}
      />
      {error && (
        <div style={{ marginBottom: 12 }}>
          <LoadError message={error} onRetry={() => setRound((n) => n + 1)} title="查询失败" />
        </div>
      )}
      <HouseTable
        rows={result?.items ?? []}
        total={result?.total ?? 0}
        page={search.page}
        pageSize={search.pageSize}
        loading={loading}
        failed={error !== null}
        onPage={(page, pageSize) => go({ ...search, page, pageSize })}
      />
      {registering && (
        <RegisterHouseModal
          open
          scopePlaceId={user.scope_place_id}
          unitPath={registering.unitPath}
          onClose={closeForm}
          onRegistered={(id, archiveNo) => {
            closeForm();
            setRegistered({ id, archiveNo });
            setRound((n) => n + 1);
          }}
        />
      )}
    </div>
  );
}
