import { useEffect, useMemo, useState } from 'react';
import { Button, Segmented, Space, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { messageOf } from '../../api/client';
import { listDeclarations, type DeclarationListed } from '../../api/declarations';
import { EmptyState, LoadError } from '../../components/PageState';
import {
  countByStatus,
  declarationsShown,
  waitedFor,
  type DeclarationFilter,
} from '../../lib/declarations';
import { formatDateTime } from '../../lib/format';
import { DECLARATION_STATUS } from '../../lib/labels';
import { DecisionButtons } from './DecisionButtons';
import { DeclarationDetail } from './DeclarationDetail';

const FILTERS: { value: DeclarationFilter; label: string }[] = [
  { value: 'pending', label: '待确认' },
  { value: 'confirmed', label: '已确认' },
  { value: 'rejected', label: '已退回' },
  { value: 'all', label: '全部' },
];

const EMPTY: Record<DeclarationFilter, string> = {
  pending: '没有待确认的网上申报',
  confirmed: '暂无已确认的申报',
  rejected: '暂无已退回的申报',
  all: '辖区内暂无网上申报',
};

/** 网上申报确认: residents' own declarations in the jurisdiction, confirmed or sent back. */
export default function DeclarationsPage() {
  const [filter, setFilter] = useState<DeclarationFilter>('pending');
  const [items, setItems] = useState<DeclarationListed[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [reload, setReload] = useState(0);
  const [open, setOpen] = useState<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    listDeclarations(controller.signal)
      .then((answer) => {
        setItems(answer.items);
        setError(null);
        setLoading(false);
      })
      .catch((e: unknown) => {
        if (controller.signal.aborted) return;
        setError(messageOf(e));
        setLoading(false);
      });
    return () => controller.abort();
  }, [reload]);

  const refresh = () => setReload((n) => n + 1);
  const rows = useMemo(() => declarationsShown(items ?? [], filter), [items, filter]);
  const counts = countByStatus(items ?? []);
  const now = new Date();

  const columns: TableProps<DeclarationListed>['columns'] = [
    {
      title: '状态',
      key: 'status',
      width: 90,
      render: (_: unknown, d) => (
        <Tag color={DECLARATION_STATUS[d.status].color}>{DECLARATION_STATUS[d.status].name}</Tag>
      ),
    },
    { title: '姓名', dataIndex: 'name', key: 'name', width: 100 },
    {
      title: '证件号码',
      dataIndex: 'id_number_masked',
      key: 'id',
      width: 180,
      render: (v: string) => <span style={{ fontFamily: 'monospace' }}>{v}</span>,
    },
    { title: '申报住址', dataIndex: 'address', key: 'unit' },
    {
      title: '提交时间',
      key: 'submitted',
      width: 170,
      render: (_: unknown, d) => (
        <div>
          {formatDateTime(d.submitted_at)}
          {d.status === 'pending' && (
            <div>
              <Typography.Text type="warning" style={{ fontSize: 12 }}>
                {waitedFor(d.submitted_at, now)}
              </Typography.Text>
            </div>
          )}
        </div>
      ),
    },
    {
      title: '审核',
      key: 'decided',
      width: 200,
      render: (_: unknown, d) =>
        d.status === 'pending' ? (
          <DecisionButtons declaration={d} onDone={refresh} />
        ) : (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {d.decided_by} {formatDateTime(d.decided_at)}
            {d.reason ? ` · ${d.reason}` : ''}
          </Typography.Text>
        ),
    },
    {
      title: '',
      key: 'open',
      width: 60,
      render: (_: unknown, d) => (
        <Button type="link" size="small" onClick={() => setOpen(d.declaration_id)} data-testid="declaration-open">
          查看
        </Button>
      ),
    },
  ];

  return (
    <>
      <Space style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }}>
        <Segmented<DeclarationFilter>
          value={filter}
          onChange={setFilter}
          options={FILTERS.map((f) => ({ value: f.value, label: `${f.label} (${counts[f.value]})` }))}
          data-testid="declaration-filter"
        />
        <Button icon={<ReloadOutlined />} onClick={refresh} loading={loading}>
          刷新
        </Button>
      </Space>
      {error ? (
        <LoadError message={error} onRetry={refresh} />
      ) : (
        <Table<DeclarationListed>
          rowKey="declaration_id"
          size="middle"
          loading={loading && items === null}
          columns={columns}
          dataSource={rows}
          scroll={{ x: 1000 }}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (n) => `共 ${n} 条` }}
          onRow={() => ({ 'data-testid': 'declaration-row' }) as React.HTMLAttributes<HTMLElement>}
          locale={{ emptyText: <EmptyState description={EMPTY[filter]} /> }}
        />
      )}
      <DeclarationDetail
        declarationId={open}
        onClose={() => setOpen(null)}
        onDecided={() => {
          setOpen(null);
          refresh();
        }}
      />
    </>
  );
}
