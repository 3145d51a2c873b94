import { useState } from 'react';
import { Button, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableProps } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { HouseRecord, Rental } from '../../api/units';
import { EmptyState } from '../../components/PageState';
import { formatDateTime } from '../../lib/format';
import { formatRent } from '../../lib/houseFormat';
import { mayEnd, RENTAL_STATE_COLORS, rentalState, rentalStateText } from '../../lib/houseRental';
import { RentalEndButton } from './RentalEndButton';
import { RentalFormModal } from './RentalFormModal';

/**
 * 租赁合同备案: the house's filings, newest first, with their state; filing a new one and
 * ending one early (`house` null: the unit has no house, shown read-only).
 */
export function RentalsSection({
  house,
  rentals,
  mayWrite,
  onChanged,
}: {
  house: HouseRecord | null;
  rentals: Rental[];
  mayWrite: boolean;
  onChanged: () => void;
}) {
  const [filing, setFiling] = useState(false);
  const today = dayjs().format('YYYY-MM-DD');
  const writable = mayWrite && house !== null && !house.cancelled;

  const columns: TableProps<Rental>['columns'] = [
    {
      title: '承租人',
      key: 'tenants',
      render: (_: unknown, r) =>
        r.tenants.map((t, i) => (
          <div key={i}>
            {t.name}
            {t.id_number && (
              <Typography.Text type="secondary" style={{ fontFamily: 'monospace', marginLeft: 6 }}>
                {t.id_number}
              </Typography.Text>
            )}
            {t.phone && <Typography.Text type="secondary"> · {t.phone}</Typography.Text>}
          </div>
        )),
    },
    {
      title: '租期',
      key: 'term',
      width: 200,
      render: (_: unknown, r) => `${r.start_date} 至 ${r.end_date}`,
    },
    {
      title: '月租金',
      key: 'rent',
      width: 120,
      align: 'right',
      render: (_: unknown, r) => formatRent(r.monthly_rent),
    },
    {
      title: '状态',
      key: 'state',
      width: 170,
      render: (_: unknown, r) => (
        <div>
          <Tag color={RENTAL_STATE_COLORS[rentalState(r, today)]} data-testid="rental-state">
            {rentalStateText(r, today)}
          </Tag>
          {r.end_reason && <div style={{ fontSize: 12 }}>原因: {r.end_reason}</div>}
        </div>
      ),
    },
    {
      title: '备案',
      key: 'filed',
      width: 150,
      render: (_: unknown, r) => (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {formatDateTime(r.filed_at)}
          {r.filed_by ? <div>{r.filed_by}</div> : null}
        </Typography.Text>
      ),
    },
  ];
  if (writable) {
    columns.push({
      title: '操作',
      key: 'actions',
      width: 100,
      render: (_: unknown, r) =>
        mayEnd(r, today) && house ? (
          <RentalEndButton houseId={house.house_id} rental={r} onEnded={onChanged} />
        ) : null,
    });
  }

  return (
    <div>
      {mayWrite && house && (
        <div style={{ marginBottom: 12 }}>
          <Tooltip title={house.cancelled ? '房屋已注销, 恢复后才能备案' : undefined}>
            <Button
              type="primary"
              icon={<PlusOutlined />}
              disabled={house.cancelled}
              onClick={() => setFiling(true)}
              data-testid="rental-file"
            >
              租赁合同备案
            </Button>
          </Tooltip>
        </div>
      )}
      <Table<Rental>
        rowKey="rental_id"
        size="small"
        columns={columns}
        dataSource={rentals}
        pagination={rentals.length > 10 ? { pageSize: 10 } : false}
        onRow={(r) =>
          ({
            'data-testid': 'rental-row',
            'data-rental-id': r.rental_id,
          }) as React.HTMLAttributes<HTMLElement>
        }
        locale={{ emptyText: <EmptyState description="尚无租赁合同备案" /> }}
        scroll={{ x: 900 }}
      />
      {filing && house && (
        <RentalFormModal
          houseId={house.house_id}
          archiveNo={house.archive_no}
          onClose={() => setFiling(false)}
          onFiled={() => {
            setFiling(false);
            onChanged();
          }}
        />
      )}
    </div>
  );
}
