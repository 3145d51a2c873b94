import { useEffect, useState } from 'react';
import { Alert, Button, Space, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { listNotices, type Notice, type NoticeQuery } from '../../api/notices';
import { useUser } from '../../auth/context';
import { LoadError } from '../../components/PageState';
import { departmentName } from '../../lib/housingLabels';
import { listedQuery, urgencyQueries } from '../../lib/notice';
import { usePagedList } from '../../lib/usePagedList';
import { FollowUpModal } from './FollowUpModal';
import { NoticeFilters, type NoticeFilterValues } from './NoticeFilters';
import { NoticeTable } from './NoticeTable';

/** How many of every notice listed wait too long, counted for the filters `key` names. */
interface Waiting {
  key: string;
  overdue: number;
  untouched: number;
}

/** 隐患通知: the hazard notices inspections sent to departments, not closed and oldest first,
 * a page at a time, how many are overdue, and their follow-up by the department concerned. */
export default function NoticesPage() {
  const user = useUser();
  const isDepartment = user.role === 'department';
  const [filters, setFilters] = useState<NoticeFilterValues>({ listed: 'pending' });
  const [urgent, setUrgent] = useState<Waiting | null>(null);
  const [reload, setReload] = useState(0);
  const [following, setFollowing] = useState<Notice | null>(null);

  const { listed, department, category } = filters;
  const placeId = filters.placePath?.[filters.placePath.length - 1];
  const counted = JSON.stringify([listed, department, category, placeId]);
  const list = usePagedList<Notice>(
    counted,
    (page, pageSize, signal) => {
      const query = { ...listedQuery(listed), department, category, place_id: placeId };
      return listNotices({ ...query, page, page_size: pageSize }, signal);
    },
    reload,
  );

  // How many of every notice listed (not only this page's) wait too long: asked as totals,
  // shown only for the filters they were counted for.
  useEffect(() => {
    const controller = new AbortController();
    const narrowing = { department, category, place_id: placeId, page_size: 1 };
    const total = (query: NoticeQuery | null): Promise<number> =>
      query
        ? listNotices({ ...query, ...narrowing }, controller.signal).then((a) => a.total)
        : Promise.resolve(0);
    const queries = urgencyQueries(listed);
    Promise.all([total(queries.overdue), total(queries.untouched)]).then(
      ([overdue, untouched]) => setUrgent({ key: counted, overdue, untouched }),
      () => {
        if (!controller.signal.aborted) setUrgent(null);
      },
    );
    return () => controller.abort();
  }, [counted, listed, department, category, placeId, reload]);

  const overdue = urgent?.key === counted ? urgent.overdue : 0;
  const untouched = urgent?.key === counted ? urgent.untouched : 0;
  const narrowed = Boolean(department || category || placeId);
  const empty = list.error
    ? '加载失败'
    : narrowed
      ? '没有符合条件的隐患通知'
      : listed === 'pending'
        ? '暂无未办结的隐患通知'
        : listed === 'all'
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
      {list.error && (
        <div style={{ marginBottom: 12 }}>
          <LoadError message={list.error} onRetry={() => setReload((n) => n + 1)} />
        </div>
      )}
      <NoticeTable
        rows={list.items}
        total={list.total}
        page={list.page}
        pageSize={list.pageSize}
        loading={list.loading}
        empty={empty}
        onFollowUp={setFollowing}
        onPage={list.turn}
      />
      <FollowUpModal
        notice={following}
        onClose={() => setFollowing(null)}
        onDone={() => setReload((n) => n + 1)}
      />
    </div>
  );
}
