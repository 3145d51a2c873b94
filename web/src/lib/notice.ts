/**
 * How long a hazard notice has waited, and the order a list shows them in. The API sets no
 * deadline, so the office's own rule is used: a notice nobody has taken up in 7 days is
 * 久未处理, one not closed in 30 days is 逾期 (both shown in red).
 */

import dayjs from 'dayjs';
import type { NoticeStatus } from './housingLabels';

export const UNTOUCHED_DAYS = 7;
export const OVERDUE_DAYS = 30;

export type NoticeUrgency = 'overdue' | 'untouched' | 'normal' | 'closed';

interface NoticeTimes {
  status: NoticeStatus;
  raised_at: string;
  closed_at?: string | null;
}

/** Whole days from raising to closing, or to `now` while still open. */
export function noticeDays(notice: NoticeTimes, now: Date = new Date()): number {
  const end = notice.status === 'closed' && notice.closed_at ? dayjs(notice.closed_at) : dayjs(now);
  return Math.max(0, end.diff(dayjs(notice.raised_at), 'day'));
}

export function noticeUrgency(notice: NoticeTimes, now: Date = new Date()): NoticeUrgency {
  if (notice.status === 'closed') return 'closed';
  const days = noticeDays(notice, now);
  if (days >= OVERDUE_DAYS) return 'overdue';
  if (notice.status === 'open' && days >= UNTOUCHED_DAYS) return 'untouched';
  return 'normal';
}

/** What a clerk reads beside the notice: "已 12 天" and why it is red. */
export function noticeAgeText(notice: NoticeTimes, now: Date = new Date()): string {
  const days = noticeDays(notice, now);
  switch (noticeUrgency(notice, now)) {
    case 'closed':
      return days === 0 ? '当天办结' : `${days} 天办结`;
    case 'overdue':
      return `逾期: 已 ${days} 天未办结`;
    case 'untouched':
      return `久未处理: 已 ${days} 天`;
    default:
      return days === 0 ? '今天下发' : `已 ${days} 天`;
  }
}

const RANK: Record<NoticeUrgency, number> = { overdue: 0, untouched: 1, normal: 2, closed: 3 };

/** Not closed first, the most pressing of those first, then the oldest; closed ones last,
 * the latest closed first. */
export function noticeOrder<T extends NoticeTimes>(notices: readonly T[], now = new Date()): T[] {
  return [...notices].sort((a, b) => {
    const rank = RANK[noticeUrgency(a, now)] - RANK[noticeUrgency(b, now)];
    if (rank !== 0) return rank;
    if (a.status === 'closed') return (b.closed_at ?? '').localeCompare(a.closed_at ?? '');
    return dayjs(a.raised_at).valueOf() - dayjs(b.raised_at).valueOf();
  });
}

/** Who records follow-ups (policy.py "notice.follow_up"): the departments and admins. */
export function mayFollowUp(role: string): boolean {
  return role === 'admin' || role === 'department';
}

export type NoticeListed = 'pending' | NoticeStatus | 'all';

/** The status the API is asked for: 未办结 (open and in progress) is asked as all, then
 * filtered here. */
export function statusQuery(listed: NoticeListed): NoticeStatus | undefined {
  return listed === 'pending' || listed === 'all' ? undefined : listed;
}

export function listedFilter(listed: NoticeListed): (n: { status: NoticeStatus }) => boolean {
  return listed === 'pending' ? (n) => n.status !== 'closed' : () => true;
}
