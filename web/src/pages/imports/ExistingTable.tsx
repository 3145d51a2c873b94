import { Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import type { ExistingMatch } from '../../api/imports';

const COLUMNS: TableProps<ExistingMatch>['columns'] = [
  { title: '行号', dataIndex: 'row', key: 'row', width: 90 },
  {
    title: '姓名',
    key: 'name',
    width: 200,
    render: (_: unknown, m) =>
      m.name_matches ? <Tag color="green">与已登记姓名一致</Tag> : <Tag color="red">与已登记姓名不一致, 请核对</Tag>,
  },
  {
    title: '居住情况',
    key: 'active',
    render: (_: unknown, m) =>
      m.active_residence ? (
        <Tag color="orange">现有在住记录, 导入后原居住结束 (迁居)</Tag>
      ) : (
        <Typography.Text type="secondary">无在住记录</Typography.Text>
      ),
  },
  {
    title: '人员编号',
    dataIndex: 'person_id',
    key: 'person_id',
    width: 320,
    render: (v: string) => <Typography.Text type="secondary" style={{ fontFamily: 'monospace' }}>{v}</Typography.Text>,
  },
];

/** Rows naming someone already registered: the import uses their record (kept as it is). */
export function ExistingTable({ existing }: { existing: readonly ExistingMatch[] }) {
  return (
    <Table<ExistingMatch>
      rowKey="row"
      size="small"
      columns={COLUMNS}
      dataSource={[...existing]}
      pagination={existing.length > 20 ? { defaultPageSize: 20, showTotal: (n) => `共 ${n} 行` } : false}
      onRow={() => ({ 'data-testid': 'import-existing-row' }) as React.HTMLAttributes<HTMLElement>}
      scroll={{ x: 800 }}
    />
  );
}
