import { useState } from 'react';
import { Button, Input, Space, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router';
import { searchEmployers, type EmployerHit, type EmployerQuery } from '../../api/employers';
import { useUser } from '../../auth/context';
import { EmptyState, LoadError } from '../../components/PageState';
import { PlaceCascader } from '../../components/PlaceCascader';
import { PAGE_SIZES } from '../../lib/paging';
import { usePagedList } from '../../lib/usePagedList';
import { CoordinatorName } from './CoordinatorName';
import { RegisterEmployer } from './RegisterEmployer';

const COLUMNS: TableProps<EmployerHit>['columns'] = [
  {
    title: '单位名称',
    key: 'name',
    render: (_: unknown, e) => (
      <Link to={`/employers/${e.employer_id}`} data-testid="employer-link">
        {e.name}
      </Link>
    ),
  },
  {
    title: '统一社会信用代码',
    dataIndex: 'credit_code',
    key: 'credit_code',
    width: 190,
    render: (v: string | null) => <span style={{ fontFamily: 'monospace' }}>{v ?? '—'}</span>,
  },
  { title: '所属地点', dataIndex: 'place_name', key: 'place_name', width: 140 },
  { title: '单位地址', dataIndex: 'address', key: 'address', render: (v) => v ?? '—' },
  {
    title: '在职人数',
    dataIndex: 'staff',
    key: 'staff',
    width: 90,
    render: (n: number) => (n > 0 ? <Tag color="blue">{n} 人</Tag> : '0'),
  },
  {
    title: '协管员',
    key: 'coordinator',
    width: 110,
    render: (_: unknown, e) => <CoordinatorName id={e.coordinator_id} />,
  },
];

/** 企业用工: employers by name and place, a page at a time; register one. */
export default function EmployersPage() {
  const user = useUser();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [placePath, setPlacePath] = useState<string[] | undefined>(undefined);
  const [query, setQuery] = useState<EmployerQuery>({});
  const [reload, setReload] = useState(0);
  const [registering, setRegistering] = useState(false);

  const list = usePagedList<EmployerHit>(
    JSON.stringify(query),
    (page, pageSize, signal) => searchEmployers({ ...query, page, page_size: pageSize }, signal),
    reload,
  );

  const search = () => {
    setQuery({ name: name.trim() || undefined, place_id: placePath?.[placePath.length - 1] });
    list.turn(1, list.pageSize);
    setReload((n) => n + 1);
  };
  const filtered = Boolean(query.name || query.place_id);

  return (
    <div>
      <Space style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          企业用工
        </Typography.Title>
        <Space wrap>
          <Input
            allowClear
            placeholder="单位名称"
            value={name}
            onChange={(e) => setName(e.target.value)}
            onPressEnter={search}
            style={{ width: 200 }}
            aria-label="单位名称"
            data-testid="employer-search-name"
          />
          <PlaceCascader
            rootId={user.scope_place_id}
            value={placePath}
            onChange={setPlacePath}
            placeholder="所属地点"
            style={{ width: 260 }}
            aria-label="所属地点"
          />
          <Button icon={<SearchOutlined />} onClick={search} data-testid="employer-search">
            查询
          </Button>
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setRegistering(true)}
            data-testid="employer-register"
          >
            企业登记
          </Button>
        </Space>
      </Space>
      {list.error && (
        <div style={{ marginBottom: 12 }}>
          <LoadError message={list.error} onRetry={() => setReload((n) => n + 1)} />
        </div>
      )}
      <Table<EmployerHit>
        rowKey="employer_id"
        size="middle"
        loading={list.loading}
        columns={COLUMNS}
        dataSource={list.items}
        onRow={() => ({ 'data-testid': 'employer-row' }) as React.HTMLAttributes<HTMLElement>}
        locale={{
          emptyText: list.error ? (
            '查询失败'
          ) : (
            <EmptyState description={filtered ? '没有符合条件的企业' : '尚未登记企业'}>
              {!filtered && (
                <Button type="primary" onClick={() => setRegistering(true)}>
                  企业登记
                </Button>
              )}
            </EmptyState>
          ),
        }}
        pagination={{
          current: list.page,
          pageSize: list.pageSize,
          total: list.total,
          showSizeChanger: true,
          pageSizeOptions: [...PAGE_SIZES],
          showTotal: (total) => `共 ${total} 家`,
          hideOnSinglePage: true,
          onChange: list.turn,
        }}
        scroll={{ x: 1000 }}
      />
      <RegisterEmployer
        open={registering}
        scopePlaceId={user.scope_place_id}
        onClose={() => setRegistering(false)}
        onRegistered={(id) => navigate(`/employers/${id}`)}
      />
    </div>
  );
}
