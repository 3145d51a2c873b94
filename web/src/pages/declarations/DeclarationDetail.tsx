import { useEffect, useState } from 'react';
import { Descriptions, Drawer, Space, Tag, Typography } from 'antd';
import type { DescriptionsProps } from 'antd';
import { messageOf } from '../../api/client';
import { getDeclaration, type Declaration } from '../../api/declarations';
import { CodeName } from '../../components/CodeName';
import { LoadError, PageLoading } from '../../components/PageState';
import { formatDateTime, yesNo } from '../../lib/format';
import { DECLARATION_STATUS, SEX_NAMES } from '../../lib/labels';
import { maskIdNumber } from '../../lib/mask';
import { DecisionButtons } from './DecisionButtons';

function items(d: Declaration): DescriptionsProps['items'] {
  const p = d.body.person;
  const work = d.body.employment;
  return [
    { key: 'name', label: '姓名', children: p.name },
    {
      key: 'id',
      label: '证件号码',
      children: <span style={{ fontFamily: 'monospace' }}>{maskIdNumber(p.id_number)}</span>,
    },
    { key: 'sex', label: '性别', children: SEX_NAMES[p.sex] ?? p.sex },
    { key: 'ethnicity', label: '民族', children: <CodeName table="ethnicity" code={p.ethnicity} /> },
    { key: 'birth', label: '出生日期', children: p.birth_date },
    { key: 'phone', label: '联系方式', children: p.phone ?? '—' },
    { key: 'hukou', label: '户籍地址', span: 2, children: p.hukou_address ?? '—' },
    { key: 'unit', label: '现居住地详址', span: 2, children: d.address },
    { key: 'arrival', label: '到达本地日期', children: d.body.arrival_date },
    {
      key: 'stay',
      label: '拟居住期限',
      children: d.body.intended_stay_days ? `${d.body.intended_stay_days} 天` : '—',
    },
    {
      key: 'housing',
      label: '住所类别',
      children: <CodeName table="housing_type" code={d.body.housing_type} />,
    },
    {
      key: 'reason',
      label: '居住事由',
      children: <CodeName table="residence_reason" code={d.body.reason} />,
    },
    { key: 'permit', label: '申领居住证', children: yesNo(d.body.applies_for_permit) },
    { key: 'occupation', label: '从事职业', children: work?.occupation ?? '—' },
    { key: 'employer', label: '工作单位', span: 2, children: work?.employer?.name ?? '—' },
    {
      key: 'minors',
      label: '随行未成年人',
      span: 2,
      children: d.body.minors.length ? d.body.minors.map((m) => m.name).join('、') : '无',
    },
  ];
}

/** One declaration as the resident filled it in, with the decision buttons while it waits. */
export function DeclarationDetail({
  declarationId,
  onClose,
  onDecided,
}: {
  declarationId: string | null;
  onClose: () => void;
  onDecided: () => void;
}) {
  const [found, setFound] = useState<Declaration | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    setFound(null);
    setError(null);
    if (!declarationId) return;
    const controller = new AbortController();
    getDeclaration(declarationId, controller.signal)
      .then(setFound)
      .catch((e: unknown) => !controller.signal.aborted && setError(messageOf(e)));
    return () => controller.abort();
  }, [declarationId, attempt]);

  const status = found ? DECLARATION_STATUS[found.status] : null;
  return (
    <Drawer
      open={declarationId !== null}
      onClose={onClose}
      width={680}
      title="网上申报"
      extra={found?.status === 'pending' && <DecisionButtons declaration={found} onDone={onDecided} />}
    >
      <div data-testid="declaration-detail">
        {error && <LoadError message={error} onRetry={() => setAttempt((n) => n + 1)} />}
        {!error && !found && <PageLoading />}
        {found && status && (
          <>
            <Space style={{ marginBottom: 12 }}>
              <Tag color={status.color}>{status.name}</Tag>
              <Typography.Text type="secondary">提交于 {formatDateTime(found.submitted_at)}</Typography.Text>
              {found.decided_at && (
                <Typography.Text type="secondary">
                  {found.decided_by} 审核于 {formatDateTime(found.decided_at)}
                </Typography.Text>
              )}
            </Space>
            {found.reason && (
              <Typography.Paragraph type="danger">退回原因: {found.reason}</Typography.Paragraph>
            )}
            <Descriptions size="small" column={2} bordered items={items(found)} />
          </>
        )}
      </div>
    </Drawer>
  );
}
