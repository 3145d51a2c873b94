import { useState } from 'react';
import { Button, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableProps } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { HouseNotice, HouseRecord, Inspection } from '../../api/units';
import { EmptyState } from '../../components/PageState';
import { hazardsOf } from '../../lib/houseInspection';
import {
  DEPARTMENT_NAMES,
  HAZARD_CATEGORY_COLORS,
  HAZARD_CATEGORY_NAMES,
  NOTICE_STATUS_COLORS,
  NOTICE_STATUS_NAMES,
} from '../../lib/housingLabels';
import { InspectionFormModal } from './InspectionFormModal';

/**
 * 出租屋检查: the house's inspections, newest first, each hazard with the department its
 * notice went to and where that notice stands. `inspectors`: who recorded each (from the
 * history; the list carries only a user id), a column when given.
 */
export function InspectionsSection({
  house,
  inspections,
  notices,
  inspectors,
  mayRecord,
  onChanged,
}: {
  house: HouseRecord | null;
  inspections: Inspection[];
  notices: HouseNotice[];
  inspectors?: Map<string, string>;
  mayRecord: boolean;
  onChanged: () => void;
}) {
  const [recording, setRecording] = useState(false);

  const columns: TableProps<Inspection>['columns'] = [
    { title: '检查日期', dataIndex: 'inspected_on', key: 'date', width: 110 },
    ...(inspectors
      ? [
          {
            title: '检查人',
            key: 'inspector',
            width: 130,
            render: (_: unknown, i: Inspection) => inspectors.get(i.inspection_id) ?? '—',
          },
        ]
      : []),
    {
      title: '检查情况',
      key: 'findings',
      width: 220,
      render: (_: unknown, i) => i.findings ?? <Typography.Text type="secondary">—</Typography.Text>,
    },
    {
      title: '隐患及通知',
      key: 'hazards',
      render: (_: unknown, i) => {
        const hazards = hazardsOf(i, notices);
        if (hazards.length === 0) {
          return <Typography.Text type="secondary">未发现隐患</Typography.Text>;
        }
        return hazards.map((h) => (
          <div key={h.notice_id} data-testid="inspection-hazard" style={{ marginBottom: 4 }}>
            <Space size={4} wrap>
              <Tag color={HAZARD_CATEGORY_COLORS[h.category]}>{HAZARD_CATEGORY_NAMES[h.category]}</Tag>
              <span>{h.description ?? ''}</span>
              <Typography.Text type="secondary">→ {DEPARTMENT_NAMES[h.department]}</Typography.Text>
              <Tag color={NOTICE_STATUS_COLORS[h.status]}>{NOTICE_STATUS_NAMES[h.status]}</Tag>
            </Space>
          </div>
        ));
      },
    },
  ];

  return (
    <div>
      {mayRecord && house && (
        <div style={{ marginBottom: 12 }}>
          <Tooltip title={house.cancelled ? '房屋已注销, 不能检查' : undefined}>
            <Button
              type="primary"
              icon={<PlusOutlined />}
              disabled={house.cancelled}
              onClick={() => setRecording(true)}
              data-testid="inspection-record"
            >
              记录检查
            </Button>
          </Tooltip>
        </div>
      )}
      <Table<Inspection>
        rowKey="inspection_id"
        size="small"
        columns={columns}
        dataSource={inspections}
        pagination={inspections.length > 10 ? { pageSize: 10 } : false}
        onRow={(i) =>
          ({
            'data-testid': 'inspection-row',
            'data-inspection-id': i.inspection_id,
          }) as React.HTMLAttributes<HTMLElement>
        }
        locale={{ emptyText: <EmptyState description="尚无检查记录" /> }}
        scroll={{ x: 900 }}
      />
      {recording && house && (
        <InspectionFormModal
          houseId={house.house_id}
          archiveNo={house.archive_no}
          onClose={() => setRecording(false)}
          onRecorded={() => {
            setRecording(false);
            onChanged();
          }}
        />
      )}
    </div>
  );
}
