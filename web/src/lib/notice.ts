/**
 * How long a hazard notice has waited, and what the API is asked for to list and count
 * them (the list's order is the API's: not closed first, oldest first). The API sets no
 * deadline, so the office's own rule is used: a notice nobody has taken up in 7 days is
 * 久未处理, one not closed in 30 days is 逾期 (both shown in red).
 */

import dayjs from 'dayjs';
import type { NoticeQuery } from '../api/notices';
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

/** Who records follow-ups (policy.py "notice.follow_up"): the departments and admins. */
export function mayFollowUp(role: string): boolean {
  return role === 'admin' || role === 'department';
}

export type NoticeListed = 'pending' | NoticeStatus | 'all';

/** What the API is asked for to list `listed` (未办结: every status but closed). */
export function listedQuery(listed: NoticeListed): Pick<NoticeQuery, 'status' | 'closed'> {
  if (listed === 'pending') return { closed: false };
  return listed === 'all' ? {} : { status: listed };
}

/** The queries whose totals are how many of the notices listed as `listed` are overdue and
 * how many untouched (as `noticeUrgency` says at `now`); null where none can be. */
export function urgencyQueries(
  listed: NoticeListed,
  now: Date = new Date(),
): { overdue: NoticeQuery | null; untouched: NoticeQuery | null } {
  const overdueBy = dayjs(now).subtract(OVERDUE_DAYS, 'day');
  const untouchedBy = dayjs(now).subtract(UNTOUCHED_DAYS, 'day');
  const notClosed = listed === 'closed' ? null : listedQuery(listed === 'all' ? 'pending' : listed);
  const open = listed === 'pending' || listed === 'all' || listed === 'open';
  return {
    overdue: notClosed && { ...notClosed, raised_to: overdueBy.toISOString() },
    untouched: open
      ? {
          status: 'open',
          raised_from: overdueBy.add(1, 'millisecond').toISOString(),
          raised_to: untouchedBy.toISOString(),
        }
      : null,
  };
}
