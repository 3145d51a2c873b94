import type { ReactNode } from 'react';
import { Descriptions, Typography } from 'antd';
import type { DescriptionsProps } from 'antd';
import { Link } from 'react-router';
import { placeLabel } from '../../api/places';
import type { HouseRecord, Party, UnitInfo } from '../../api/units';
import { formatDateTime } from '../../lib/format';
import { formatAddress, formatArea, occupancy } from '../../lib/houseFormat';
import { PARTY_KIND_NAMES, USE_NAMES } from '../../lib/houseLabels';

function PartyText({ party, testId }: { party: Party | null; testId: string }) {
  if (!party) return <Typography.Text type="secondary">无</Typography.Text>;
  return (
    <span data-testid={testId}>
      {party.name}
      <Typography.Text type="secondary"> ({PARTY_KIND_NAMES[party.kind ?? 'person']})</Typography.Text>
      {party.id_number && (
        <span style={{ fontFamily: 'monospace', marginLeft: 8 }}>{party.id_number}</span>
      )}
      {party.phone && <span style={{ marginLeft: 8 }}>电话 {party.phone}</span>}
    </span>
  );
}

/** 房屋信息: the register entry as it stands (numbers masked), its unit and occupancy. */
export function HouseFacts({
  unit,
  house,
  residents,
  coordinator,
  unitLink = true,
}: {
  unit: UnitInfo;
  house: HouseRecord;
  residents: number;
  coordinator: ReactNode;
  unitLink?: boolean;
}) {
  const shown = occupancy(residents, house.capacity);
  const unitName = placeLabel(unit);
  const items: DescriptionsProps['items'] = [
    {
      key: 'archive_no',
      label: '房屋档案编号',
      children: <span data-testid="house-archive-no-shown">{house.archive_no}</span>,
    },
    {
      key: 'unit',
      label: '房屋',
      span: 2,
      children: unitLink ? (
        <Link to={`/units/${unit.id}`} data-testid="house-unit-page-link">
          {unitName}
        </Link>
      ) : (
        unitName
      ),
    },
    { key: 'use', label: '用途', children: USE_NAMES[house.use] },
    {
      key: 'address',
      label: '标准地址',
      span: 2,
      children: formatAddress(unit.address) || (
        <Typography.Text type="secondary">未登记标准地址</Typography.Text>
      ),
    },
    {
      key: 'occupancy',
      label: '在住/核定人数',
      children: shown.over ? (
        <Typography.Text type="danger" strong data-testid="house-over-capacity">
          {shown.text} (超员)
        </Typography.Text>
      ) : (
        shown.text
      ),
    },
    { key: 'area', label: '建筑面积', children: formatArea(house.floor_area) || '—' },
    { key: 'registered', label: '登记时间', children: formatDateTime(house.registered_at) },
    {
      key: 'owner',
      label: '产权人',
      span: 3,
      children: <PartyText party={house.owner} testId="house-owner-shown" />,
    },
    {
      key: 'agent',
      label: '代理人',
      span: 3,
      children: <PartyText party={house.agent} testId="house-agent-shown" />,
    },
    { key: 'coordinator', label: '协管员', span: 3, children: coordinator },
  ];
  return <Descriptions size="small" bordered column={3} items={items} />;
}
