import { Table, Tag, Tooltip } from 'antd';
import type { TableProps } from 'antd';
import { Link } from 'react-router';
import { searchPersons } from '../../api/persons';
import type { ResidentFigures } from '../../api/stats';
import type { Period } from '../../lib/statsPeriod';
import { personHref } from '../../lib/statsUrl';
import { useLoad } from '../../lib/useLoad';

/** The masked ID numbers of the unit's persons (the statistics answer names them only). */
function useMaskedNumbers(unitId: string, to: string, personIds: string) {
  return useLoad(`${unitId}|${to}|${personIds}`, async (signal) => {
    const page = await searchPersons({ place_id: unitId, arrived_to: to, page_size: 200 }, signal);
    return new Map<string, string>(page.items.map((hit) => [hit.person_id, hit.id_number_masked]));
  });
}

/** At unit level: the persons resident at the end of the period, each a link to their record. */
export function ResidentsTable({
  unitId,
  rows,
  loading,
  period,
}: {
  unitId: string;
  rows: ResidentFigures[];
  loading: boolean;
  period: Period;
}) {
  // Asked again when someone new is listed (the figures refresh themselves).
  const personIds = rows.map((r) => r.person_id).sort().join(',');
  const numbers = useMaskedNumbers(unitId, period.to, personIds);

  const columns: TableProps<ResidentFigures>['columns'] = [
    {
      title: '姓名',
      dataIndex: 'name',
      key: 'name',
      sorter: (a, b) => a.name.localeCompare(b.name, 'zh-CN'),
      render: (name: string, row) => (
        <Link to={personHref(row.person_id)} data-testid="stats-person" data-person-id={row.person_id}>
          {name}
        </Link>
      ),
    },
    {
      title: '公民身份号码',
      key: 'id_number',
      width: 200,
      render: (_: unknown, row) => {
        const masked = numbers.data?.get(row.person_id);
        if (masked) return <span style={{ fontFamily: 'monospace' }}>{masked}</span>;
        if (numbers.loading) return '…';
        return (
          <Tooltip title={numbers.error ?? '未查到该人员的证件号码'}>
            <span style={{ color: 'rgba(0,0,0,0.45)' }}>—</span>
          </Tooltip>
        );
      },
    },
    {
      title: '到达日期',
      dataIndex: 'arrival_date',
      key: 'arrival_date',
      width: 140,
      sorter: (a, b) => (a.arrival_date < b.arrival_date ? -1 : a.arrival_date > b.arrival_date ? 1 : 0),
    },
    {
      title: '本期',
      key: 'moved',
      width: 120,
      render: (_: unknown, row) => (row.checked_in > 0 ? <Tag color="green">本期登记入住</Tag> : null),
    },
  ];

  return (
    <Table<ResidentFigures>
      rowKey="residence_id"
      size="small"
      columns={columns}
      dataSource={rows}
      loading={loading}
      locale={{ emptyText: loading ? ' ' : `截至 ${period.to} 日末该户无人居住` }}
      pagination={false}
      onRow={(row) =>
        ({ 'data-testid': 'stats-row', 'data-person-id': row.person_id }) as React.HTMLAttributes<HTMLElement>
      }
    />
  );
}
