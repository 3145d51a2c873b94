import { useEffect, useState, type HTMLAttributes } from 'react';
import { Descriptions, Drawer, Space, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { Link } from 'react-router';
import { messageOf } from '../../api/client';
import {
  getCoordinatorWork,
  type CoordinatorWork,
  type WorkEmployer,
  type WorkHouse,
} from '../../api/coordinators';
import { placeLabel } from '../../api/places';
import { EmptyState, LoadError, PageLoading } from '../../components/PageState';
import { PlaceName } from '../../components/PlaceName';
import { CoordinatorPhoto } from './CoordinatorPhoto';

const testId = (id: string) => ({ 'data-testid': id }) as HTMLAttributes<HTMLElement>;

const HOUSE_COLUMNS: TableProps<WorkHouse>['columns'] = [
  {
    title: '房屋档案编号',
    key: 'archive_no',
    width: 150,
    render: (_: unknown, h) => (
      <Space size={4}>
        <Link to={`/houses/${h.house_id}`}>{h.archive_no}</Link>
        {h.cancelled && <Tag>已注销</Tag>}
      </Space>
    ),
  },
  { title: '房屋', key: 'path', render: (_: unknown, h) => placeLabel({ path: h.path, name: '' }) },
  {
    title: '上次检查',
    key: 'last_inspected_on',
    width: 110,
    render: (_: unknown, h) =>
      h.last_inspected_on ?? <Typography.Text type="warning">从未检查</Typography.Text>,
  },
  {
    title: '未办结隐患',
    key: 'open_notices',
    width: 100,
    render: (_: unknown, h) =>
      h.open_notices > 0 ? <Tag color="red">{h.open_notices} 项</Tag> : '—',
  },
  {
    title: '租赁到期',
    key: 'rental_ends_on',
    width: 130,
    render: (_: unknown, h) =>
      h.rental_ends_on ? (
        <Space size={4}>
          {h.rental_ends_on}
          {h.rental_expiring && <Tag color="orange">将到期</Tag>}
        </Space>
      ) : (
        '—'
      ),
  },
];

const EMPLOYER_COLUMNS: TableProps<WorkEmployer>['columns'] = [
  {
    title: '企业名称',
    key: 'name',
    render: (_: unknown, e) => <Link to={`/employers/${e.employer_id}`}>{e.name}</Link>,
  },
  { title: '地址', dataIndex: 'address', key: 'address', render: (v: string | null) => v ?? '—' },
  { title: '在职人数', dataIndex: 'staff', key: 'staff', width: 90 },
];

/** 协管员工作: the houses (most pressing first: open hazards, longest uninspected) and the
 * employers assigned to one coordinator. */
export function WorkDrawer({
  coordinatorId,
  photoVersion,
  onClose,
}: {
  coordinatorId: string | null;
  photoVersion: number;
  onClose: () => void;
}) {
  const [work, setWork] = useState<CoordinatorWork | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    if (!coordinatorId) return;
    const controller = new AbortController();
    setWork(null);
    setError(null);
    getCoordinatorWork(coordinatorId, controller.signal)
      .then(setWork)
      .catch((e: unknown) => !controller.signal.aborted && setError(messageOf(e)));
    return () => controller.abort();
  }, [coordinatorId, reload]);

  const who = work?.coordinator;
  return (
    <Drawer
      open={coordinatorId !== null}
      onClose={onClose}
      width={820}
      title={who ? `协管员工作: ${who.name}` : '协管员工作'}
      destroyOnHidden
    >
      <div data-testid="coordinator-work">
        {error && <LoadError message={error} onRetry={() => setReload((n) => n + 1)} />}
        {!error && !work && <PageLoading />}
        {work && who && (
          <Space direction="vertical" size="large" style={{ width: '100%' }}>
            <Space align="start" size="large">
              <CoordinatorPhoto
                id={who.coordinator_id}
                name={who.name}
                hasPhoto={who.photo_sha256 !== null}
                version={photoVersion}
                width={90}
              />
              <Descriptions column={1} size="small">
                <Descriptions.Item label="姓名">{who.name}</Descriptions.Item>
                <Descriptions.Item label="联系电话">{who.phone ?? '—'}</Descriptions.Item>
                <Descriptions.Item label="工作地点">
                  <PlaceName id={who.place_id} />
                </Descriptions.Item>
              </Descriptions>
            </Space>
            <div>
              <Typography.Title level={5}>负责房屋 ({work.houses.length})</Typography.Title>
              <Table<WorkHouse>
                rowKey="house_id"
                size="small"
                columns={HOUSE_COLUMNS}
                dataSource={work.houses}
                pagination={work.houses.length > 10 ? { pageSize: 10 } : false}
                locale={{
                  emptyText: <EmptyState description="尚未指派房屋 (在房屋页面指定协管员)" />,
                }}
                onRow={() => testId('coordinator-work-house')}
                scroll={{ x: 700 }}
              />
            </div>
            <div>
              <Typography.Title level={5}>负责企业 ({work.employers.length})</Typography.Title>
              <Table<WorkEmployer>
                rowKey="employer_id"
                size="small"
                columns={EMPLOYER_COLUMNS}
                dataSource={work.employers}
                pagination={work.employers.length > 10 ? { pageSize: 10 } : false}
                locale={{
                  emptyText: <EmptyState description="尚未指派企业 (在企业页面指定协管员)" />,
                }}
                onRow={() => testId('coordinator-work-employer')}
                scroll={{ x: 600 }}
              />
            </div>
          </Space>
        )}
      </div>
    </Drawer>
  );
}
