import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Space, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { messageOf } from '../../api/client';
import { listNotices, type Notice } from '../../api/notices';
import { useUser } from '../../auth/context';
import { LoadError } from '../../components/PageState';
import { departmentName } from '../../lib/housingLabels';
import { listedFilter, noticeOrder, noticeUrgency, statusQuery } from '../../lib/notice';
import { FollowUpModal } from './FollowUpModal';
import { NoticeFilters, type NoticeFilterValues } from './NoticeFilters';
import { NoticeTable } from './NoticeTable';

/** 隐患通知: the hazard notices inspections sent to departments, open and overdue first, and
 * their follow-up by the department concerned. */
export default function NoticesPage() {
  const user = useUser();
  const isDepartment = user.role === 'department';
  const [filters, setFilters] = useState<NoticeFilterValues>({ listed: 'pending' });
  const [items, setItems] = useState<Notice[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  const [following, setFollowing] = useState<Notice | null>(null);

  const placeId = filters.placePath?.[filters.placePath.length - 1];
  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    setError(null);
    listNotices(
      { status: statusQuery(filters.listed), department: filters.department, place_id: placeId },
      controller.signal,
    )
      .then((answer) => setItems(answer.items))
      .catch((e: unknown) => !controller.signal.aborted && setError(messageOf(e)))
      .finally(() => !controller.signal.aborted && setLoading(false));
    return () => controller.abort();
  }, [filters.listed, filters.department, placeId, reload]);

  const rows = useMemo(() => {
    const keep = listedFilter(filters.listed);
    const category = filters.category;
    const shown = items.filter((n) => keep(n) && (!category || n.category === category));
    return noticeOrder(shown);
  }, [items, filters.listed, filters.category]);
  const overdue = rows.filter((n) => noticeUrgency(n) === 'overdue').length;
  const untouched = rows.filter((n) => noticeUrgency(n) === 'untouched').length;
  const narrowed = Boolean(filters.department || filters.category || placeId);
  const empty = error
    ? '加载失败'
    : narrowed
      ? '没有符合条件的隐患通知'
      : filters.listed === 'pending'
        ? '暂无未办结的隐患通知'
        : filters.listed === 'all'
          ? '暂无隐患通知 (出租屋检查发现隐患时下发)'
          : '没有此状态的隐患通知';

  return (
    <div>
      <Space style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          隐患通知
          {isDepartment && user.department && (
            <Typography.Text type="secondary" style={{ fontSize: 14, marginLeft: 8 }}>
              ({departmentName(user.department)}部门)
            </Typography.Text>
          )}
        </Typography.Title>
        <Space wrap>
          <NoticeFilters
            value={filters}
            onChange={setFilters}
            scopePlaceId={user.scope_place_id}
            department={isDepartment}
          />
          <Button icon={<ReloadOutlined />} onClick={() => setReload((n) => n + 1)}>
            刷新
          </Button>
        </Space>
      </Space>
      {(overdue > 0 || untouched > 0) && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="notice-overdue-summary"
          message={[
            overdue > 0 && `${overdue} 项隐患超过30天未办结`,
            untouched > 0 && `${untouched} 项隐患下发超过7天仍无人处理`,
          ]
            .filter(Boolean)
            .join('; ')}
        />
      )}
      {error && (
        <div style={{ marginBottom: 12 }}>
          <LoadError message={error} onRetry={() => setReload((n) => n + 1)} />
        </div>
      )}
      <NoticeTable
        rows={rows}
        loading={loading}
        empty={empty}
        onFollowUp={setFollowing}
      />
      {items.length >= 500 && (
        <Typography.Text type="secondary">只显示前 500 项, 请按状态、部门或地点缩小范围</Typography.Text>
      )}
      <FollowUpModal
        notice={following}
        onClose={() => setFollowing(null)}
        onDone={() => setReload((n) => n + 1)}
      />
    </div>
  );
}
