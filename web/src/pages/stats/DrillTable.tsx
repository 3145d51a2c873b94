import { Input, Table, Typography } from 'antd';
import type { TableProps } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import type { ChildFigures } from '../../api/stats';
import { PLACE_KIND_NAMES } from '../../lib/labels';
import type { Period } from '../../lib/statsPeriod';
import { statsHref } from '../../lib/statsUrl';

type Column = NonNullable<TableProps<ChildFigures>['columns']>[number];

const byName = (a: ChildFigures, b: ChildFigures) => a.name.localeCompare(b.name, 'zh-CN', { numeric: true });

/** The children of the place with their figures; a name drills down into its child. */
export function DrillTable({
  rows,
  loading,
  period,
  emptyText,
}: {
  rows: ChildFigures[];
  loading: boolean;
  period: Period;
  emptyText: string;
}) {
  const [filter, setFilter] = useState('');
  const shown = useMemo(() => {
    const text = filter.trim();
    return text ? rows.filter((r) => r.name.includes(text)) : rows;
  }, [rows, filter]);

  const figure = (key: 'checked_in' | 'departed' | 'current', title: string): Column => ({
    title,
    dataIndex: key,
    key,
    align: 'right',
    width: 120,
    sorter: (a, b) => a[key] - b[key],
    sortDirections: ['descend', 'ascend'],
  });

  const columns: TableProps<ChildFigures>['columns'] = [
    {
      title: '名称',
      dataIndex: 'name',
      key: 'name',
      sorter: byName,
      sortDirections: ['ascend', 'descend'],
      render: (name: string, row) => (
        <Link to={statsHref(row.place_id, period)} data-testid="stats-drill" data-place-id={row.place_id}>
          {name}
        </Link>
      ),
    },
    {
      title: '类别',
      dataIndex: 'kind',
      key: 'kind',
      width: 120,
      render: (kind: string) => PLACE_KIND_NAMES[kind] ?? kind,
    },
    figure('checked_in', '登记入住'),
    figure('departed', '离开'),
    figure('current', '现居住'),
  ];

  return (
    <div>
      {rows.length > 10 && (
        <Input.Search
          allowClear
          size="small"
          placeholder="按名称筛选"
          onChange={(e) => setFilter(e.target.value)}
          style={{ width: 220, marginBottom: 8 }}
          aria-label="按名称筛选"
        />
      )}
      <Table<ChildFigures>
        rowKey="place_id"
        size="small"
        columns={columns}
        dataSource={shown}
        loading={loading}
        locale={{ emptyText: loading ? ' ' : filter.trim() ? '没有名称相符的地点' : emptyText }}
        pagination={{
          defaultPageSize: 100,
          hideOnSinglePage: true,
          showSizeChanger: false,
          showTotal: (n) => `共 ${n} 处`,
        }}
        onRow={(row) =>
          ({ 'data-testid': 'stats-row', 'data-place-id': row.place_id }) as React.HTMLAttributes<HTMLElement>
        }
        summary={() =>
          shown.length > 1 ? (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0} colSpan={2}>
                <Typography.Text type="secondary">以上 {shown.length} 处合计</Typography.Text>
              </Table.Summary.Cell>
              {(['checked_in', 'departed', 'current'] as const).map((key, n) => (
                <Table.Summary.Cell index={2 + n} key={key} align="right">
                  <Typography.Text type="secondary">{shown.reduce((sum, r) => sum + r[key], 0)}</Typography.Text>
                </Table.Summary.Cell>
              ))}
            </Table.Summary.Row>
          ) : undefined
        }
      />
    </div>
  );
}
