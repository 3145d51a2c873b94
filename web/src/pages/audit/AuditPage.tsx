import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { App, Button, DatePicker, Form, Input, Select, Space, Table, Typography } from 'antd';
import type { TableProps } from 'antd';
import { DownloadOutlined, SearchOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { messageOf } from '../../api/client';
import { exportAudit, searchAudit, type AuditEntry, type AuditPage, type AuditQuery } from '../../api/audit';
import { listUsers, type UserAccount } from '../../api/users';
import { EmptyState, LoadError } from '../../components/PageState';
import { auditDetail } from '../../lib/audit';
import { formatDateTime } from '../../lib/format';
import { AUDIT_TYPE_NAMES, roleName } from '../../lib/labels';
import { personHref } from '../../lib/statsUrl';
import { testId } from '../../lib/testId';

interface FilterValues {
  user_id?: string;
  record_id?: string;
  period?: [Dayjs | null, Dayjs | null] | null;
}

function toQuery(values: FilterValues): AuditQuery {
  const [from, to] = values.period ?? [null, null];
  return {
    user_id: values.user_id || undefined,
    record_id: values.record_id?.trim() || undefined,
    from: from ? from.startOf('minute').toISOString() : undefined,
    to: to ? to.endOf('minute').toISOString() : undefined,
  };
}

/** 审计日志: who opened, searched or exported personal records, and every login. */
export default function AuditPage() {
  const { modal, message } = App.useApp();
  const [form] = Form.useForm<FilterValues>();
  const [query, setQuery] = useState<AuditQuery>({});
  const [page, setPage] = useState({ page: 1, page_size: 50 });
  const [result, setResult] = useState<AuditPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [users, setUsers] = useState<UserAccount[]>([]);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    listUsers()
      .then((answer) => setUsers(answer.items))
      .catch(() => setUsers([]));
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    searchAudit({ ...query, ...page }, controller.signal)
      .then((answer) => {
        setResult(answer);
        setError(null);
        setLoading(false);
      })
      .catch((e: unknown) => {
        if (controller.signal.aborted) return;
        setError(messageOf(e));
        setLoading(false);
      });
    return () => controller.abort();
  }, [query, page, attempt]);

  const download = () =>
    modal.confirm({
      title: '导出审计日志?',
      content: '按当前条件导出 CSV 文件; 此次导出本身也会记入审计日志。',
      okText: '导出',
      okButtonProps: testId('audit-export-ok'),
      cancelText: '取消',
      onOk: async () => {
        try {
          await exportAudit(query);
        } catch (e) {
          message.error(`导出失败: ${messageOf(e)}`);
        }
      },
    });

  const columns: TableProps<AuditEntry>['columns'] = [
    { title: '时间', key: 'at', width: 170, render: (_: unknown, e) => formatDateTime(e.at) },
    {
      title: '类型',
      key: 'type',
      width: 120,
      render: (_: unknown, e) => AUDIT_TYPE_NAMES[e.type] ?? e.type,
    },
    {
      title: '用户',
      key: 'actor',
      width: 170,
      render: (_: unknown, e) => (
        <span>
          {e.actor_name}
          {e.role && <Typography.Text type="secondary"> ({roleName(e.role)})</Typography.Text>}
        </span>
      ),
    },
    { title: '地址', dataIndex: 'address', key: 'address', width: 130 },
    {
      title: '涉及人员',
      key: 'records',
      width: 110,
      render: (_: unknown, e) =>
        e.records.length === 1 ? (
          <Link to={personHref(e.records[0])}>查看人员</Link>
        ) : e.records.length > 1 ? (
          `${e.records.length} 人`
        ) : (
          '—'
        ),
    },
    { title: '说明', key: 'detail', render: (_: unknown, e) => auditDetail(e) || '—' },
  ];

  return (
    <>
      <Form<FilterValues>
        form={form}
        layout="inline"
        style={{ marginBottom: 12, rowGap: 8 }}
        onFinish={(values) => {
          setQuery(toQuery(values));
          setPage((p) => ({ ...p, page: 1 }));
        }}
      >
        <Form.Item name="user_id" label="用户">
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder="全部用户"
            style={{ width: 180 }}
            options={users.map((u) => ({ value: u.id, label: u.username }))}
          />
        </Form.Item>
        <Form.Item name="record_id" label="人员编号">
          <Input allowClear placeholder="人员记录编号" style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="period" label="时间">
          <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="audit-search">
              查询
            </Button>
            <Button icon={<DownloadOutlined />} onClick={download} data-testid="audit-export">
              导出
            </Button>
          </Space>
        </Form.Item>
      </Form>
      {error ? (
        <LoadError message={error} onRetry={() => setAttempt((n) => n + 1)} />
      ) : (
        <Table<AuditEntry>
          rowKey="event_id"
          size="small"
          loading={loading}
          columns={columns}
          dataSource={result?.items ?? []}
          scroll={{ x: 1000 }}
          onRow={() => ({ 'data-testid': 'audit-row' }) as React.HTMLAttributes<HTMLElement>}
          pagination={{
            current: page.page,
            pageSize: page.page_size,
            total: result?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100],
            showTotal: (n) => `共 ${n} 条`,
            onChange: (p, size) => setPage({ page: size !== page.page_size ? 1 : p, page_size: size }),
          }}
          locale={{ emptyText: <EmptyState description="没有符合条件的审计记录" /> }}
        />
      )}
    </>
  );
}
