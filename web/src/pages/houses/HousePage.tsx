import { useCallback, useMemo, useState } from 'react';
import { Alert, Button, Card, Space, Tabs, Tag, Typography } from 'antd';
import { EditOutlined, ReloadOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router';
import { listCoordinators } from '../../api/coordinators';
import { getHouse, houseHistory } from '../../api/houses';
import type { UnitPageData } from '../../api/units';
import { useUser } from '../../auth/context';
import { EmptyState, LoadError, PageLoading } from '../../components/PageState';
import { USE_COLORS, USE_NAMES } from '../../lib/houseLabels';
import { BackLink } from './BackLink';
import { CoordinatorControl } from './CoordinatorControl';
import { EditHouseModal } from './EditHouseModal';
import { HistorySection } from './HistorySection';
import { HouseFacts } from './HouseFacts';
import { HouseStatusActions } from './HouseStatusActions';
import { InspectionsSection } from './InspectionsSection';
import { OccupantsSection } from './OccupantsSection';
import { RentalsSection } from './RentalsSection';
import { mayManageCoordinators, mayWriteHouses } from './roles';
import { useLoad } from '../../lib/useLoad';

const tab = (label: string, testId: string) => <span data-testid={testId}>{label}</span>;

/** One house (实有房屋): its register entry, rentals, inspections, residents and history. */
export default function HousePage() {
  const { houseId = '' } = useParams();
  const user = useUser();
  const [editing, setEditing] = useState(false);
  const page = useLoad(`house-${houseId}`, (signal) => getHouse(houseId, signal));
  const history = useLoad(`history-${houseId}`, (signal) => houseHistory(houseId, signal));
  const reloadPage = page.retry;
  const reloadHistory = history.retry;
  const changed = useCallback(() => {
    reloadPage();
    reloadHistory();
  }, [reloadPage, reloadHistory]);

  // The inspections list names its inspector by user id only: the history knows who.
  const inspectors = useMemo(() => {
    const names = new Map<string, string>();
    for (const e of history.data?.items ?? []) {
      const id = e.data.inspection_id;
      if (e.type === 'liudong.inspection.recorded' && typeof id === 'string' && e.actor?.username) {
        names.set(id, e.actor.username);
      }
    }
    return names;
  }, [history.data]);

  const data: UnitPageData | undefined = page.data;
  const house = data?.house ?? null;
  // Names for the history's assignments: the managers' list, else the current one only.
  const mayAssign = mayManageCoordinators(user.role);
  const coordinators = useLoad(`coordinators-${mayAssign}`, async (signal) =>
    mayAssign ? (await listCoordinators({}, signal)).items : [],
  );
  const coordinatorName = useCallback(
    (id: string) => {
      const listed = coordinators.data?.find((c) => c.coordinator_id === id)?.name;
      if (listed) return listed;
      return house?.coordinator_id === id ? (house.coordinator_name ?? undefined) : undefined;
    },
    [coordinators.data, house],
  );

  if (page.loading && page.data === undefined) return <PageLoading />;
  if (page.missing) {
    return (
      <EmptyState description="房屋不存在或不在您的管辖范围内">
        <Link to="/houses">返回实有房屋</Link>
      </EmptyState>
    );
  }
  if (!data || !house) {
    return <LoadError message={page.error ?? '房屋信息无法显示'} onRetry={page.retry} />;
  }

  const mayWrite = mayWriteHouses(user.role);
  const { current, past } = data.occupants;
  return (
    <div data-testid="house-page">
      <BackLink />
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }} wrap>
        <Space align="center">
          <Typography.Title level={4} style={{ margin: 0 }}>
            房屋 {house.archive_no}
          </Typography.Title>
          <Tag color={USE_COLORS[house.use]} data-testid="house-use-shown">
            {USE_NAMES[house.use]}
          </Tag>
          {house.cancelled ? (
            <Tag color="red" data-testid="house-status">已注销</Tag>
          ) : (
            <Tag color="green" data-testid="house-status">在册</Tag>
          )}
          {house.over_capacity && <Tag color="red">超员</Tag>}
        </Space>
        <Space>
          <Button icon={<ReloadOutlined />} onClick={changed} loading={page.refreshing}>
            刷新
          </Button>
          {mayWrite && !house.cancelled && (
            <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="house-edit">
              修改
            </Button>
          )}
          {mayWrite && <HouseStatusActions house={house} onDone={changed} />}
        </Space>
      </Space>
      {page.error && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          message={`刷新失败: ${page.error}`}
        />
      )}
      {house.cancelled && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="house-cancelled"
          message={`该房屋已注销 (原因: ${house.cancelled_reason ?? ''})`}
          description="注销期间不能办理入住登记、租赁备案和检查; 房屋重新出租时点击 恢复出租。"
        />
      )}
      <Card size="small" title="房屋信息" style={{ marginBottom: 12 }}>
        <HouseFacts
          unit={data.unit}
          house={house}
          residents={current.length}
          coordinator={
            <CoordinatorControl
              house={house}
              mayAssign={mayAssign}
              onChanged={changed}
            />
          }
        />
      </Card>
      <Card size="small">
        <Tabs
          items={[
            {
              key: 'rentals',
              label: tab(`租赁备案 (${data.rentals.length})`, 'house-tab-rentals'),
              children: (
                <RentalsSection
                  house={house}
                  rentals={data.rentals}
                  mayWrite={mayWrite}
                  onChanged={changed}
                />
              ),
            },
            {
              key: 'inspections',
              label: tab(`出租屋检查 (${data.inspections.length})`, 'house-tab-inspections'),
              children: (
                <InspectionsSection
                  house={house}
                  inspections={data.inspections}
                  notices={data.notices}
                  inspectors={inspectors}
                  mayRecord={mayWrite}
                  onChanged={changed}
                />
              ),
            },
            {
              key: 'occupants',
              label: tab(`居住人员 (${current.length})`, 'house-tab-occupants'),
              children: <OccupantsSection current={current} past={past} />,
            },
            {
              key: 'history',
              label: tab('变更记录', 'house-tab-history'),
              children: (
                <HistorySection
                  events={history.data?.items}
                  loading={history.loading}
                  error={history.error}
                  onRetry={history.retry}
                  coordinatorName={coordinatorName}
                />
              ),
            },
          ]}
        />
      </Card>
      {editing && (
        <EditHouseModal
          house={house}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            changed();
          }}
        />
      )}
    </div>
  );
}
