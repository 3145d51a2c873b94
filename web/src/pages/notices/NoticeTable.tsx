import type { HTMLAttributes } from 'react';
import { Button, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { Link } from 'react-router';
import type { Notice } from '../../api/notices';
import { placeLabel } from '../../api/places';
import { mayOpen } from '../../auth/access';
import { useUser } from '../../auth/context';
import { EmptyState } from '../../components/PageState';
import { formatDateTime } from '../../lib/format';
import {
  departmentName,
  HAZARD_CATEGORY_COLORS,
  hazardCategoryName,
  NOTICE_STATUS_COLORS,
  noticeStatusName,
} from '../../lib/housingLabels';
import { mayFollowUp, noticeAgeText, noticeUrgency } from '../../lib/notice';
import { PAGE_SIZES } from '../../lib/paging';
import { FollowUpHistory } from './FollowUpHistory';

/** A page of the notices, a row each; the row opens to its follow-up history. */
export function NoticeTable({
  rows,
  total,
  page,
  pageSize,
  loading,
  empty,
  onFollowUp,
  onPage,
}: {
  rows: Notice[];
  /** Every notice listed, on all pages. */
  total: number;
  page: number;
  pageSize: number;
  loading: boolean;
  empty: string;
  onFollowUp: (notice: Notice) => void;
  onPage: (page: number, pageSize: number) => void;
}) {
  const user = useUser();
  const houseLinks = mayOpen(user.role, 'houses');
  const followsUp = mayFollowUp(user.role);

  const columns: TableProps<Notice>['columns'] = [
    {
      title: '状态',
      key: 'status',
      width: 84,
      render: (_: unknown, n) => (
        <Tag color={NOTICE_STATUS_COLORS[n.status]} data-testid="notice-status">
          {noticeStatusName(n.status)}
        </Tag>
      ),
    },
    {
      title: '隐患类别',
      key: 'category',
      width: 116,
      render: (_: unknown, n) => (
        <Tag color={HAZARD_CATEGORY_COLORS[n.category]}>{hazardCategoryName(n.category)}</Tag>
      ),
    },
    { title: '隐患描述', dataIndex: 'description', key: 'description', ellipsis: true },
    {
      title: '房屋',
      key: 'house',
      width: 230,
      render: (_: unknown, n) => (
        <div>
          {houseLinks ? (
            <Link to={`/houses/${n.house_id}`} data-testid="notice-house-link">
              {n.archive_no}
            </Link>
          ) : (
            n.archive_no
          )}
          <div>
            <Typography.Text type="secondary">
              {placeLabel({ path: n.path, name: '' })}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    {
      title: '接收部门',
      key: 'department',
      width: 84,
      render: (_: unknown, n) => departmentName(n.department),
    },
    {
      title: '下发时间',
      key: 'raised_at',
      width: 170,
      render: (_: unknown, n) => {
        const urgency = noticeUrgency(n);
        const red = urgency === 'overdue' || urgency === 'untouched';
        return (
          <div>
            {formatDateTime(n.raised_at)}
            <div>
              <Typography.Text
                type={red ? 'danger' : 'secondary'}
                strong={red}
                data-testid="notice-age"
              >
                {noticeAgeText(n)}
              </Typography.Text>
            </div>
          </div>
        );
      },
    },
    {
      title: '最近处理',
      key: 'latest',
      width: 200,
      render: (_: unknown, n) => {
        const last = n.follow_ups[n.follow_ups.length - 1];
        if (!last) return <Typography.Text type="secondary">尚未处理</Typography.Text>;
        return (
          <Typography.Text ellipsis={{ tooltip: last.note }} style={{ maxWidth: 180 }}>
            {formatDateTime(last.at).slice(5)} {last.note}
          </Typography.Text>
        );
      },
    },
  ];
  if (followsUp) {
    columns.push({
      title: '操作',
      key: 'actions',
      width: 80,
      fixed: 'right',
      render: (_: unknown, n) =>
        n.status === 'closed' ? null : (
          <Button
            size="small"
            type="primary"
            onClick={() => onFollowUp(n)}
            data-testid="notice-follow-up"
          >
            处理
          </Button>
        ),
    });
  }

  return (
    <Table<Notice>
      rowKey="notice_id"
      size="middle"
      loading={loading}
      columns={columns}
      dataSource={rows}
      expandable={{
        expandedRowRender: (n) => <FollowUpHistory notice={n} />,
        expandRowByClick: false,
      }}
      rowClassName={(n) => (noticeUrgency(n) === 'overdue' ? 'row-overdue' : '')}
      onRow={(n) =>
        ({
          'data-testid': 'notice-row',
          'data-status': n.status,
          'data-urgency': noticeUrgency(n),
        }) as HTMLAttributes<HTMLElement>
      }
      locale={{ emptyText: <EmptyState description={empty} /> }}
      pagination={{
        current: page,
        pageSize,
        total,
        showSizeChanger: true,
        pageSizeOptions: [...PAGE_SIZES],
        showTotal: (n) => `共 ${n} 项`,
        hideOnSinglePage: true,
        onChange: onPage,
      }}
      scroll={{ x: 1150 }}
    />
  );
}
