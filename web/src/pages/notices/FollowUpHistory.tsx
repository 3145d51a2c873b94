import { Tag, Timeline, Typography } from 'antd';
import type { Notice } from '../../api/notices';
import { formatDateTime } from '../../lib/format';
import { NOTICE_STATUS_COLORS, noticeStatusName } from '../../lib/housingLabels';

/** 处理记录: the notice raised, then each follow-up, oldest first. */
export function FollowUpHistory({ notice }: { notice: Notice }) {
  const items = [
    {
      key: 'raised',
      color: 'red',
      children: (
        <>
          <Typography.Text strong>{formatDateTime(notice.raised_at)}</Typography.Text> 检查发现隐患,
          下发通知: {notice.description}
        </>
      ),
    },
    ...notice.follow_ups.map((f, i) => ({
      key: String(i),
      color: f.status === 'closed' ? 'green' : 'blue',
      children: (
        <div data-testid="notice-follow-up-entry">
          <Typography.Text strong>{formatDateTime(f.at)}</Typography.Text>{' '}
          <Tag color={NOTICE_STATUS_COLORS[f.status]}>{noticeStatusName(f.status)}</Tag>
          <Typography.Text type="secondary">{f.by}</Typography.Text>
          <div style={{ whiteSpace: 'pre-wrap' }}>{f.note}</div>
        </div>
      ),
    })),
  ];
  return (
    <div style={{ padding: '8px 16px 0' }}>
      {notice.follow_ups.length === 0 && (
        <Typography.Paragraph type="secondary">尚无处理记录</Typography.Paragraph>
      )}
      <Timeline items={items} />
    </div>
  );
}
