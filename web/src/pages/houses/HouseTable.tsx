import { Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { Link } from 'react-router';
import type { HouseHit } from '../../api/houses';
import { placeLabel } from '../../api/places';
import { EmptyState } from '../../components/PageState';
import { formatAddress, formatArea, occupancy } from '../../lib/houseFormat';
import { USE_COLORS, USE_NAMES } from '../../lib/houseLabels';
import { PAGE_SIZES } from '../../lib/paging';

const columns: TableProps<HouseHit>['columns'] = [
  {
    title: '房屋档案编号',
    key: 'archive_no',
    width: 150,
    fixed: 'left',
    render: (_: unknown, row) => (
      <Link to={`/houses/${row.house_id}`} data-testid="house-row-link">
        {row.archive_no}
      </Link>
    ),
  },
  {
    title: '房屋',
    key: 'unit',
    width: 230,
    render: (_: unknown, row) => (
      <Link to={`/units/${row.unit_id}`} data-testid="house-unit-link">
        {placeLabel({ path: row.path, name: '' })}
      </Link>
    ),
  },
  {
    title: '标准地址',
    key: 'address',
    width: 200,
    render: (_: unknown, row) =>
      formatAddress(row.address) || <Typography.Text type="secondary">未登记</Typography.Text>,
  },
  {
    title: '用途',
    key: 'use',
    width: 80,
    render: (_: unknown, row) => <Tag color={USE_COLORS[row.use]}>{USE_NAMES[row.use]}</Tag>,
  },
  {
    title: '产权人',
    key: 'owner',
    width: 210,
    render: (_: unknown, row) => (
      <div>
        <div>{row.owner.name}</div>
        {row.owner.id_number && (
          <Typography.Text type="secondary" style={{ fontFamily: 'monospace', fontSize: 12 }}>
            {row.owner.id_number}
          </Typography.Text>
        )}
      </div>
    ),
  },
  {
    title: '在住/核定',
    key: 'occupancy',
    width: 100,
    render: (_: unknown, row) => {
      const shown = occupancy(row.occupants, row.capacity);
      return shown.over ? (
        <Typography.Text type="danger" strong title="在住人数超过核定居住人数">
          {shown.text} 超员
        </Typography.Text>
      ) : (
        shown.text
      );
    },
  },
  {
    title: '面积',
    key: 'floor_area',
    width: 90,
    render: (_: unknown, row) => formatArea(row.floor_area) || '—',
  },
  {
    title: '状态',
    key: 'status',
    width: 80,
    render: (_: unknown, row) =>
      row.cancelled ? <Tag color="red">已注销</Tag> : <Tag color="green">在册</Tag>,
  },
];

/** The register's result: each row opens the house; its unit column opens the unit. */
export function HouseTable({
  rows,
  total,
  page,
  pageSize,
  loading,
  failed,
  onPage,
}: {
  rows: HouseHit[];
  total: number;
  page: number;
  pageSize: number;
  loading: boolean;
  failed: boolean;
  onPage: (page: number, pageSize: number) => void;
}) {
  return (
    <Table<HouseHit>
      rowKey="house_id"
      size="middle"
      columns={columns}
      dataSource={rows}
      loading={loading}
      onRow={(row) =>
        ({
          'data-testid': 'house-row',
          'data-house-id': row.house_id,
        }) as React.HTMLAttributes<HTMLElement>
      }
      locale={{
        emptyText: failed ? (
          '查询失败'
        ) : (
          <EmptyState description="没有符合条件的房屋; 可更改查询条件, 或点击 登记房屋" />
        ),
      }}
      pagination={{
        current: page,
        pageSize,
        total,
        showSizeChanger: true,
        pageSizeOptions: [...PAGE_SIZES],
        showTotal: (n) => `共 ${n} 套`,
        onChange: (p, size) => onPage(size !== pageSize ? 1 : p, size),
      }}
      scroll={{ x: 1140 }}
    />
  );
}
