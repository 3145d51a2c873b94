import { useState } from 'react';
import { Button, Card, Space, Tabs, Tag, Typography } from 'antd';
import { HomeOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router';
import { placeLabel } from '../../api/places';
import { getUnit, type UnitPageData } from '../../api/units';
import { useUser } from '../../auth/context';
import { EmptyState, LoadError, PageLoading } from '../../components/PageState';
import { unitPathFor } from '../../lib/houseForm';
import { formatAddress } from '../../lib/houseFormat';
import { BackLink } from './BackLink';
import { HouseFacts } from './HouseFacts';
import { InspectionsSection } from './InspectionsSection';
import { OccupantsSection } from './OccupantsSection';
import { RegisterHouseModal } from './RegisterHouseModal';
import { RentalsSection } from './RentalsSection';
import { mayWriteHouses } from './roles';
import { useLoad } from '../../lib/useLoad';

const tab = (label: string, testId: string) => <span data-testid={testId}>{label}</span>;

/** The unit without a house: say so, and offer to register one on it. */
function NoHouse({
  data,
  mayRegister,
  onRegister,
}: {
  data: UnitPageData;
  mayRegister: boolean;
  onRegister: () => void;
}) {
  const retired = data.unit.retired;
  return (
    <EmptyState description={retired ? '该户地址已撤销, 不能登记房屋' : '该户尚未登记房屋档案'}>
      {mayRegister && !retired && (
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={onRegister}
          data-testid="unit-register-house"
        >
          登记房屋
        </Button>
      )}
    </EmptyState>
  );
}

/** A unit (户): its house and owner, rental filings, and who lives and lived there. */
export default function UnitPage() {
  const { unitId = '' } = useParams();
  const user = useUser();
  const [registering, setRegistering] = useState(false);
  const page = useLoad(`unit-${unitId}`, (signal) => getUnit(unitId, signal));

  if (page.loading && page.data === undefined) return <PageLoading />;
  if (page.missing) {
    return (
      <EmptyState description="该户不存在或不在您的管辖范围内">
        <Link to="/houses">返回实有房屋</Link>
      </EmptyState>
    );
  }
  const data = page.data;
  if (!data) {
    return <LoadError message={page.error ?? '该户信息无法显示'} onRetry={page.retry} />;
  }

  const { house, occupants } = data;
  const address = formatAddress(data.unit.address);
  return (
    <div data-testid="unit-page">
      <BackLink />
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }} wrap>
        <Space align="center" wrap>
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="unit-title">
            {placeLabel(data.unit)}
          </Typography.Title>
          {address && <Typography.Text type="secondary">{address}</Typography.Text>}
          {data.unit.retired && <Tag color="default">地址已撤销</Tag>}
        </Space>
        <Space>
          <Button icon={<ReloadOutlined />} onClick={page.retry} loading={page.refreshing}>
            刷新
          </Button>
          {house && (
            <Link to={`/houses/${house.house_id}`} data-testid="unit-house-link">
              <HomeOutlined /> 打开房屋 {house.archive_no} (租赁备案、检查、修改)
            </Link>
          )}
        </Space>
      </Space>
      <Card size="small" title="房屋信息" style={{ marginBottom: 12 }}>
        {house ? (
          <HouseFacts
            unit={data.unit}
            house={house}
            residents={occupants.current.length}
            unitLink={false}
            coordinator={
              house.coordinator_name ?? <Typography.Text type="secondary">未指派</Typography.Text>
            }
          />
        ) : (
          <NoHouse
            data={data}
            mayRegister={mayWriteHouses(user.role)}
            onRegister={() => setRegistering(true)}
          />
        )}
        {house?.cancelled && (
          <Typography.Text type="danger" data-testid="unit-house-cancelled">
            该房屋已注销 (原因: {house.cancelled_reason ?? ''})
          </Typography.Text>
        )}
      </Card>
      <Card size="small">
        <Tabs
          items={[
            {
              key: 'occupants',
              label: tab(`居住人员 (${occupants.current.length})`, 'unit-tab-occupants'),
              children: <OccupantsSection current={occupants.current} past={occupants.past} />,
            },
            {
              key: 'rentals',
              label: tab(`租赁备案 (${data.rentals.length})`, 'unit-tab-rentals'),
              children: (
                <RentalsSection
                  house={house}
                  rentals={data.rentals}
                  mayWrite={false}
                  onChanged={page.retry}
                />
              ),
            },
            {
              key: 'inspections',
              label: tab(`出租屋检查 (${data.inspections.length})`, 'unit-tab-inspections'),
              children: (
                <InspectionsSection
                  house={house}
                  inspections={data.inspections}
                  notices={data.notices}
                  mayRecord={false}
                  onChanged={page.retry}
                />
              ),
            },
          ]}
        />
      </Card>
      {registering && (
        <RegisterHouseModal
          open
          scopePlaceId={user.scope_place_id}
          unitPath={unitPathFor(data.unit.path, user.scope_place_id)}
          onClose={() => setRegistering(false)}
          onRegistered={() => {
            setRegistering(false);
            page.retry();
          }}
        />
      )}
    </div>
  );
}
