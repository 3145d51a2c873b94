import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { Table, Tag, Typography } from 'antd';
import type { TablePaginationConfig, TableProps } from 'antd';
import type { SorterResult } from 'antd/es/table/interface';
import { isApiError, messageOf } from '../../api/client';
import { searchPersons, type PersonHit, type PersonPage } from '../../api/persons';
import { useUser } from '../../auth/context';
import { LoadError } from '../../components/PageState';
import { PlaceName } from '../../components/PlaceName';
import { STATUS_COLORS, statusName } from '../../lib/labels';
import { DEFAULT_SORT, sortOrderOf, toSortParam, type PersonSort, type SortOrder } from '../../lib/personSort';
import { FilterBar, type Filters } from './FilterBar';
import { PersonDrawer } from './PersonDrawer';

interface Query {
  filters: Filters;
  page: number;
  pageSize: number;
  sort: PersonSort;
}

/** 历史记录查询: persons by ID number, name or pinyin, period, status and place. */
export default function SearchPage() {
  const user = useUser();
  const [query, setQuery] = useState<Query>({ filters: {}, page: 1, pageSize: 20, sort: DEFAULT_SORT });
  const [result, setResult] = useState<PersonPage | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  // ?person=ID opens that person's record: other pages (unit, employer) link here.
  const [params, setParams] = useSearchParams();
  const openPerson = params.get('person');
  const setOpenPerson = useCallback(
    (personId: string | null) =>
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          if (personId) next.set('person', personId);
          else next.delete('person');
          return next;
        },
        { replace: !personId },
      ),
    [setParams],
  );

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    setError(null);
    searchPersons(
      { ...query.filters, page: query.page, page_size: query.pageSize, sort: query.sort },
      controller.signal,
    )
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
  }, [query, reload]);

  const onSearch = useCallback((filters: Filters) => {
    setQuery((q) => ({ ...q, filters, page: 1 }));
  }, []);

  const onTableChange: TableProps<PersonHit>['onChange'] = (
    pagination: TablePaginationConfig,
    _filters,
    sorter,
  ) => {
    const s = (Array.isArray(sorter) ? sorter[0] : sorter) as SorterResult<PersonHit> | undefined;
    const column = typeof s?.columnKey === 'string' ? s.columnKey : undefined;
    const sort = toSortParam(column, (s?.order ?? null) as SortOrder);
    setQuery((q) => ({
      ...q,
      sort,
      page: sort !== q.sort ? 1 : (pagination.current ?? 1),
      pageSize: pagination.pageSize ?? q.pageSize,
    }));
  };

  const columns: TableProps<PersonHit>['columns'] = [
    {
      title: '姓名',
      dataIndex: 'name',
      key: 'name',
      sorter: true,
      sortOrder: sortOrderOf(query.sort, 'name'),
      sortDirections: ['ascend'],
      width: 120,
      render: (name: string) => <Typography.Text strong>{name}</Typography.Text>,
    },
    {
      title: '公民身份号码',
      dataIndex: 'id_number_masked',
      key: 'id_number_masked',
      width: 190,
      render: (v: string) => <span style={{ fontFamily: 'monospace' }}>{v}</span>,
    },
    {
      title: '居住房屋',
      key: 'unit',
      render: (_: unknown, row) => <PlaceName id={row.residence.unit_id} />,
    },
    {
      title: '到达日期',
      key: 'arrival_date',
      dataIndex: ['residence', 'arrival_date'],
      sorter: true,
      sortOrder: sortOrderOf(query.sort, 'arrival_date'),
      sortDirections: ['descend', 'ascend'],
      width: 120,
    },
    {
      title: '离开日期',
      key: 'departure_date',
      dataIndex: ['residence', 'departure_date'],
      sorter: true,
      sortOrder: sortOrderOf(query.sort, 'departure_date'),
      sortDirections: ['descend'],
      width: 120,
      render: (v: string | null) => v ?? '—',
    },
    {
      title: '状态',
      key: 'status',
      width: 90,
      render: (_: unknown, row) => (
        <Tag color={STATUS_COLORS[row.residence.status]}>{statusName(row.residence.status)}</Tag>
      ),
    },
  ];

  return (
    <div>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        历史记录查询
      </Typography.Title>
      <FilterBar scopePlaceId={user.scope_place_id} onSearch={onSearch} busy={loading} />
      {error && (
        <div style={{ marginBottom: 12 }}>
          <LoadError message={error} onRetry={() => setReload((n) => n + 1)} title="查询失败" />
        </div>
      )}
      <Table<PersonHit>
        rowKey={(row) => row.residence.residence_id ?? row.person_id}
        size="middle"
        columns={columns}
        dataSource={result?.items ?? []}
        loading={loading}
        onChange={onTableChange}
        locale={{ emptyText: error ? '查询失败' : '没有符合条件的记录' }}
        pagination={{
          current: query.page,
          pageSize: query.pageSize,
          total: result?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [20, 50, 100],
          showTotal: (total) => `共 ${total} 条`,
        }}
        onRow={(row) =>
          ({
            onClick: () => setOpenPerson(row.person_id),
            onKeyDown: (e: React.KeyboardEvent) => {
              if (e.key === 'Enter' || e.key === ' ') {
                e.preventDefault();
                setOpenPerson(row.person_id);
              }
            },
            tabIndex: 0,
            style: { cursor: 'pointer' },
            'data-testid': 'search-row',
            'data-person-id': row.person_id,
            'aria-label': `${row.name} ${row.id_number_masked}`,
          }) as React.HTMLAttributes<HTMLElement>
        }
        scroll={{ x: 900 }}
      />
      <PersonDrawer
        personId={openPerson}
        onClose={() => setOpenPerson(null)}
        onChanged={() => setReload((n) => n + 1)}
      />
    </div>
  );
}
