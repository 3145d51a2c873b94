import { Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { Link } from 'react-router';
import type { Occupant } from '../../api/units';
import { EmptyState } from '../../components/PageState';
import { STATUS_COLORS, statusName } from '../../lib/labels';

const columns: TableProps<Occupant>['columns'] = [
  {
    title: '姓名',
    key: 'name',
    width: 120,
    render: (_: unknown, o) => (
      <Link
        to={`/search?person=${encodeURIComponent(o.person_id)}`}
        data-testid="unit-occupant-link"
        title="打开此人的居住信息"
      >
        {o.name ?? '(姓名待同步)'}
      </Link>
    ),
  },
  {
    title: '公民身份号码',
    key: 'id_number',
    width: 190,
    render: (_: unknown, o) => (
      <span style={{ fontFamily: 'monospace' }}>{o.id_number_masked ?? '—'}</span>
    ),
  },
  { title: '到达日期', dataIndex: 'arrival_date', key: 'arrival', width: 110 },
  {
    title: '离开日期',
    key: 'departure',
    width: 110,
    render: (_: unknown, o) => o.departure_date ?? '—',
  },
  {
    title: '状态',
    key: 'status',
    width: 90,
    render: (_: unknown, o) => <Tag color={STATUS_COLORS[o.status]}>{statusName(o.status)}</Tag>,
  },
];

function OccupantTable({ rows, empty, testId }: { rows: Occupant[]; empty: string; testId: string }) {
  return (
    <Table<Occupant>
      rowKey="residence_id"
      size="small"
      columns={columns}
      dataSource={rows}
      pagination={rows.length > 10 ? { pageSize: 10 } : false}
      onRow={(o) =>
        ({ 'data-testid': testId, 'data-person-id': o.person_id }) as React.HTMLAttributes<HTMLElement>
      }
      locale={{ emptyText: <EmptyState description={empty} /> }}
      scroll={{ x: 620 }}
    />
  );
}

/** 居住人员: who lives at the unit now and who lived there; each opens the person's record. */
export function OccupantsSection({ current, past }: { current: Occupant[]; past: Occupant[] }) {
  return (
    <div>
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        现住人员 ({current.length})
      </Typography.Title>
      <OccupantTable rows={current} empty="目前无人在住" testId="unit-occupant-current" />
      <Typography.Title level={5}>曾住人员 ({past.length})</Typography.Title>
      <OccupantTable rows={past} empty="尚无离开的住户" testId="unit-occupant-past" />
    </div>
  );
}
