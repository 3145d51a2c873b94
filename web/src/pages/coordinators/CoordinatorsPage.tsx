import { useEffect, useMemo, useState, type HTMLAttributes } from 'react';
import { Button, Input, Space, Table, Typography } from 'antd';
import type { TableProps } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { messageOf } from '../../api/client';
import { listCoordinators, type Coordinator } from '../../api/coordinators';
import { useUser } from '../../auth/context';
import { EmptyState, LoadError } from '../../components/PageState';
import { PlaceCascader } from '../../components/PlaceCascader';
import { AddCoordinator } from './AddCoordinator';
import { CoordinatorPhoto } from './CoordinatorPhoto';
import { PhotoUpload } from './PhotoUpload';
import { WorkDrawer } from './WorkDrawer';

/** 协管员: the coordinators in scope with their photos; add one, upload a photo, see their
 * work. */
export default function CoordinatorsPage() {
  const user = useUser();
  const [placePath, setPlacePath] = useState<string[] | undefined>(undefined);
  const [name, setName] = useState('');
  const [items, setItems] = useState<Coordinator[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [reload, setReload] = useState(0);
  const [adding, setAdding] = useState(false);
  const [working, setWorking] = useState<string | null>(null);
  // Bumped per coordinator when their photo is replaced, to load it past the cache.
  const [photoVersions, setPhotoVersions] = useState<Record<string, number>>({});

  const placeId = placePath?.[placePath.length - 1];
  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    setError(null);
    listCoordinators({ place_id: placeId }, controller.signal)
      .then((answer) => setItems(answer.items))
      .catch((e: unknown) => !controller.signal.aborted && setError(messageOf(e)))
      .finally(() => !controller.signal.aborted && setLoading(false));
    return () => controller.abort();
  }, [placeId, reload]);

  const shown = useMemo(() => {
    const wanted = name.trim();
    return (items ?? []).filter((c) => !wanted || c.name.includes(wanted));
  }, [items, name]);

  const photoUploaded = (id: string) => {
    setPhotoVersions((v) => ({ ...v, [id]: (v[id] ?? 0) + 1 }));
    setItems(
      (list) =>
        list?.map((c) => (c.coordinator_id === id ? { ...c, has_photo: true } : c)) ?? null,
    );
  };

  const columns: TableProps<Coordinator>['columns'] = [
    {
      title: '照片',
      key: 'photo',
      width: 76,
      render: (_: unknown, c) => (
        <CoordinatorPhoto
          id={c.coordinator_id}
          name={c.name}
          hasPhoto={c.has_photo}
          version={photoVersions[c.coordinator_id] ?? 0}
        />
      ),
    },
    {
      title: '姓名',
      dataIndex: 'name',
      key: 'name',
      width: 120,
      render: (v: string) => <Typography.Text strong>{v}</Typography.Text>,
    },
    { title: '联系电话', dataIndex: 'phone', key: 'phone', width: 150, render: (v) => v ?? '—' },
    { title: '工作地点', dataIndex: 'place_name', key: 'place_name' },
    { title: '负责房屋', dataIndex: 'houses', key: 'houses', width: 90, render: (n) => `${n} 户` },
    {
      title: '操作',
      key: 'actions',
      width: 210,
      render: (_: unknown, c) => (
        <Space>
          <Button
            size="small"
            onClick={() => setWorking(c.coordinator_id)}
            data-testid="coordinator-work-open"
          >
            查看工作
          </Button>
          <PhotoUpload
            coordinatorId={c.coordinator_id}
            name={c.name}
            hasPhoto={c.has_photo}
            onUploaded={() => photoUploaded(c.coordinator_id)}
          />
        </Space>
      ),
    },
  ];

  const filtered = Boolean(placeId || name.trim());
  return (
    <div>
      <Space style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          协管员
        </Typography.Title>
        <Space wrap>
          <PlaceCascader
            rootId={user.scope_place_id}
            value={placePath}
            onChange={setPlacePath}
            placeholder="按工作地点筛选"
            style={{ width: 280 }}
            aria-label="工作地点"
            data-testid="coordinator-filter-place"
          />
          <Input.Search
            allowClear
            placeholder="姓名"
            style={{ width: 160 }}
            onSearch={setName}
            onChange={(e) => !e.target.value && setName('')}
            data-testid="coordinator-filter-name"
          />
          <Button icon={<ReloadOutlined />} onClick={() => setReload((n) => n + 1)}>
            刷新
          </Button>
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setAdding(true)}
            data-testid="coordinator-add"
          >
            添加协管员
          </Button>
        </Space>
      </Space>
      {error && (
        <div style={{ marginBottom: 12 }}>
          <LoadError message={error} onRetry={() => setReload((n) => n + 1)} />
        </div>
      )}
      <Table<Coordinator>
        rowKey="coordinator_id"
        size="middle"
        loading={loading}
        columns={columns}
        dataSource={shown}
        onRow={(c) =>
          ({ 'data-testid': 'coordinator-row', 'data-name': c.name }) as HTMLAttributes<HTMLElement>
        }
        locale={{
          emptyText: error ? (
            '加载失败'
          ) : (
            <EmptyState description={filtered ? '没有符合条件的协管员' : '尚未登记协管员'}>
              {!filtered && (
                <Button type="primary" onClick={() => setAdding(true)}>
                  添加协管员
                </Button>
              )}
            </EmptyState>
          ),
        }}
        pagination={{ pageSize: 20, showTotal: (total) => `共 ${total} 人`, hideOnSinglePage: true }}
        scroll={{ x: 900 }}
      />
      <AddCoordinator
        open={adding}
        scopePlaceId={user.scope_place_id}
        registered={(items ?? []).map((c) => c.coordinator_id)}
        onClose={() => setAdding(false)}
        onAdded={() => setReload((n) => n + 1)}
      />
      <WorkDrawer
        coordinatorId={working}
        photoVersion={working ? (photoVersions[working] ?? 0) : 0}
        onClose={() => setWorking(null)}
      />
    </div>
  );
}
