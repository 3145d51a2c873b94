import { describe, expect, it } from 'vitest';
import type { NoticeQuery } from '../api/notices';
import {
  listedQuery,
  mayFollowUp,
  noticeAgeText,
  noticeUrgency,
  urgencyQueries,
  type NoticeListed,
} from './notice';

const NOW = new Date('2026-03-31T10:00:00+08:00');

type Status = 'open' | 'in_progress' | 'closed';

function notice(id: string, status: Status, raised: string, closed?: string) {
  const at = (day: string) => `${day}T09:00:00+08:00`;
  return { id, status, raised_at: at(raised), closed_at: closed ? at(closed) : null };
}

describe('noticeUrgency', () => {
  it('calls a notice nobody took up in 7 days untouched, but not one in progress', () => {
    expect(noticeUrgency(notice('a', 'open', '2026-03-24'), NOW)).toBe('untouched');
    expect(noticeUrgency(notice('a', 'open', '2026-03-25'), NOW)).toBe('normal');
    expect(noticeUrgency(notice('a', 'in_progress', '2026-03-20'), NOW)).toBe('normal');
  });

  it('calls any notice still not closed after 30 days overdue', () => {
    expect(noticeUrgency(notice('a', 'in_progress', '2026-03-01'), NOW)).toBe('overdue');
    expect(noticeUrgency(notice('a', 'closed', '2026-01-01', '2026-03-01'), NOW)).toBe('closed');
  });
});

describe('noticeAgeText', () => {
  it('says how long the notice waits, or took', () => {
    expect(noticeAgeText(notice('a', 'open', '2026-03-31'), NOW)).toBe('今天下发');
    expect(noticeAgeText(notice('a', 'open', '2026-03-21'), NOW)).toBe('久未处理: 已 10 天');
    expect(noticeAgeText(notice('a', 'open', '2026-02-01'), NOW)).toBe('逾期: 已 58 天未办结');
    expect(noticeAgeText(notice('a', 'closed', '2026-03-01', '2026-03-05'), NOW)).toBe('4 天办结');
    expect(noticeAgeText(notice('a', 'closed', '2026-03-05', '2026-03-05'), NOW)).toBe('当天办结');
  });
});

describe('mayFollowUp', () => {
  it('lets departments and admins follow up, not the offices or coordinators', () => {
    expect(mayFollowUp('department')).toBe(true);
    expect(mayFollowUp('admin')).toBe(true);
    expect(['station', 'community', 'compound', 'coordinator'].some(mayFollowUp)).toBe(false);
  });
});

/** Whether the API would list the notice for `query` (its status and times). */
function matches(query: NoticeQuery, n: { status: Status; raised_at: string }): boolean {
  const raised = new Date(n.raised_at).getTime();
  return (
    (query.status === undefined || n.status === query.status) &&
    (query.closed === undefined || (n.status === 'closed') === query.closed) &&
    (query.raised_from === undefined || raised >= new Date(query.raised_from).getTime()) &&
    (query.raised_to === undefined || raised <= new Date(query.raised_to).getTime())
  );
}

describe('listedQuery', () => {
  it('asks for 未办结 as not closed, for one status as that status, for 全部 as anything', () => {
    expect(listedQuery('pending')).toEqual({ closed: false });
    expect(listedQuery('in_progress')).toEqual({ status: 'in_progress' });
    expect(listedQuery('closed')).toEqual({ status: 'closed' });
    expect(listedQuery('all')).toEqual({});
  });
});

describe('urgencyQueries', () => {
  const LISTED: NoticeListed[] = ['pending', 'open', 'in_progress', 'closed', 'all'];
  const STATUSES: Status[] = ['open', 'in_progress', 'closed'];
  // Every status, raised from today back 40 days, on and around the day boundaries.
  const notices = STATUSES.flatMap((status) =>
    Array.from({ length: 41 }, (_, days) => days).flatMap((days) =>
      [-1, 0, 1].map((ms) => {
        const raised = new Date(NOW.getTime() - days * 86_400_000 + ms).toISOString();
        return { id: `${status}-${days}-${ms}`, status, raised_at: raised, closed_at: raised };
      }),
    ),
  );

  it('counts, for every list, exactly the notices the rows show overdue and untouched', () => {
    for (const listed of LISTED) {
      const shown = notices.filter((n) => matches(listedQuery(listed), n));
      const queries = urgencyQueries(listed, NOW);
      for (const urgency of ['overdue', 'untouched'] as const) {
        const expected = shown.filter((n) => noticeUrgency(n, NOW) === urgency).map((n) => n.id);
        const query = queries[urgency];
        const counted = query ? notices.filter((n) => matches(query, n)).map((n) => n.id) : [];
        expect(counted, `${listed} ${urgency}`).toEqual(expected);
      }
    }
  });

  it('asks nothing where no notice can be', () => {
    expect(urgencyQueries('closed', NOW)).toEqual({ overdue: null, untouched: null });
    expect(urgencyQueries('in_progress', NOW).untouched).toBeNull();
    expect(urgencyQueries('in_progress', NOW).overdue).toMatchObject({ status: 'in_progress' });
  });
});
