import { useMemo } from 'react';
import { Table } from 'antd';
import type { TableProps } from 'antd';
import { rejectedRows, type RejectedRow, type Rejection } from '../../lib/importJob';

const lines = (row: RejectedRow, key: 'field' | 'reason') =>
  row.problems.map((p, i) => <div key={i}>{p[key]}</div>);

const COLUMNS: TableProps<RejectedRow>['columns'] = [
  { title: '行号', dataIndex: 'row', key: 'row', width: 90 },
  { title: '字段', key: 'field', width: 180, render: (_: unknown, row) => lines(row, 'field') },
  { title: '原因', key: 'reason', render: (_: unknown, row) => lines(row, 'reason') },
];

/** The rows that will not land, one line per row of the file (its wrong fields together). */
export function RejectedTable({ rejected }: { rejected: readonly Rejection[] }) {
  const rows = useMemo(() => rejectedRows(rejected), [rejected]);
  return (
    <Table<RejectedRow>
      rowKey="row"
      size="small"
      columns={COLUMNS}
      dataSource={rows}
      locale={{ emptyText: '没有被拒绝的行' }}
      pagination={
        rows.length > 50
          ? { defaultPageSize: 50, showSizeChanger: true, pageSizeOptions: [50, 100, 500], showTotal: (n) => `共 ${n} 行` }
          : false
      }
      onRow={(row) =>
        ({ 'data-testid': 'import-rejected-row', 'data-row': row.row }) as React.HTMLAttributes<HTMLElement>
      }
    />
  );
}
