import { useEffect, useMemo, useState } from 'react';
import { Button, Segmented, Space, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { isApiError, messageOf } from '../../api/client';
import { listItems, type ExchangeItem, type ItemListed, type ItemPage } from '../../api/exchange';
import { EmptyState, LoadError } from '../../components/PageState';
import { formatDateTime } from '../../lib/format';
import { exchangeKindName } from '../../lib/labels';
import { AnswerCell } from './AnswerCell';
import { urgentFirst } from './order';

const LISTED: { value: ItemListed; label: string }[] = [
  { value: 'open', label: '待办' },
  { value: 'overdue', label: '已超期' },
  { value: 'answered', label: '已答复' },
  { value: 'all', label: '全部' },
];

const KIND_COLORS: Record<string, string> = {
  move_out_notice: 'orange',
  move_in_notice: 'blue',
  assistance_request: 'purple',
};

/** 待办事宜: what the province sent (move notices, assistance requests) and their due times. */
export default function TodoPage() {
  const [listed, setListed] = useState<ItemListed>('open');
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [data, setData] = useState<ItemPage | null>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'error' | 'off'>('loading');
  const [error, setError] = useState<string | null>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setState('loading');
    listItems({ status: listed, page, page_size: pageSize }, controller.signal)
      .then((answer) => {
        setData(answer);
        setState('ready');
      })
      .catch((e: unknown) => {
        if (controller.signal.aborted) return;
        if (isApiError(e) && e.status === 404) {
          setState('off'); // no province connector runs here
          return;
        }
        setError(messageOf(e));
        setState('error');
      });
    return () => controller.abort();
  }, [listed, page, pageSize, reload]);

  const rows = useMemo(() => urgentFirst(data?.items ?? []), [data]);

  const replace = (updated: ExchangeItem | null) => {
    if (!updated || listed === 'open' || listed === 'overdue') {
      setReload((n) => n + 1);
      return;
    }
    setData((d) =>
      d ? { ...d, items: d.items.map((i) => (i.item_id === updated.item_id ? updated : i)) } : d,
    );
  };

  const columns: TableProps<ExchangeItem>['columns'] = [
    {
      title: '类型',
      key: 'kind',
      width: 100,
      render: (_: unknown, item) => (
        <Tag color={KIND_COLORS[item.kind]}>{exchangeKindName(item.kind)}</Tag>
      ),
    },
    { title: '姓名', dataIndex: 'name', key: 'name', width: 90 },
    {
      title: '证件号码',
      dataIndex: 'id_number_masked',
      key: 'id',
      width: 170,
      render: (v: string) => <span style={{ fontFamily: 'monospace' }}>{v}</span>,
    },
    {
      title: '事由',
      key: 'details',
      render: (_: unknown, item) => (
        <div>
          {item.elsewhere && <div>对方地区: {item.elsewhere}</div>}
          {item.details && <Typography.Text type="secondary">{item.details}</Typography.Text>}
          {!item.elsewhere && !item.details && '—'}
        </div>
      ),
    },
    {
      title: '办理期限',
      key: 'due_at',
      width: 160,
      render: (_: unknown, item) =>
        item.overdue ? (
          <Typography.Text type="danger" strong data-testid="todo-overdue">
            {formatDateTime(item.due_at)} <Tag color="red">已超期</Tag>
          </Typography.Text>
        ) : (
          formatDateTime(item.due_at)
        ),
    },
    {
      title: '收到时间',
      key: 'received_at',
      width: 140,
      render: (_: unknown, item) => formatDateTime(item.received_at),
    },
    {
      title: '答复',
      key: 'answer',
      width: 330,
      render: (_: unknown, item) =>
        item.status === 'open' ? (
          <AnswerCell item={item} onAnswered={replace} />
        ) : (
          <div>
            <Tag color="green">{item.answer_name ?? item.answer}</Tag>
            <Typography.Text type="secondary">
              {formatDateTime(item.answered_at)}
              {item.answered_by ? ` · ${item.answered_by}` : ''}
            </Typography.Text>
            {item.note && <div>备注: {item.note}</div>}
          </div>
        ),
    },
  ];

  return (
    <div>
      <Space style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          待办事宜
        </Typography.Title>
        <Space>
          <Segmented<ItemListed>
            options={LISTED}
            value={listed}
            onChange={(v) => {
              setListed(v);
              setPage(1);
            }}
            data-testid="todo-filter"
          />
          <Button icon={<ReloadOutlined />} onClick={() => setReload((n) => n + 1)}>
            刷新
          </Button>
        </Space>
      </Space>
      {state === 'off' && (
        <EmptyState description="暂无待办事宜 (本地未启用省厅数据交换)" />
      )}
      {state === 'error' && (
        <LoadError message={error ?? ''} onRetry={() => setReload((n) => n + 1)} />
      )}
      {(state === 'ready' || state === 'loading') && (
        <Table<ExchangeItem>
          rowKey="item_id"
          size="middle"
          loading={state === 'loading'}
          columns={columns}
          dataSource={rows}
          rowClassName={(item) => (item.overdue && item.status === 'open' ? 'row-overdue' : '')}
          onRow={(item) =>
            ({
              'data-testid': 'todo-row',
              'data-overdue': item.overdue ? 'true' : 'false',
            }) as React.HTMLAttributes<HTMLElement>
          }
          locale={{ emptyText: <EmptyState description="暂无待办事宜" /> }}
          pagination={{
            current: page,
            pageSize,
            total: data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100],
            showTotal: (total) => `共 ${total} 项`,
            onChange: (p, size) => {
              setPage(size !== pageSize ? 1 : p);
              setPageSize(size);
            },
          }}
          scroll={{ x: 1150 }}
        />
      )}
    </div>
  );
}
