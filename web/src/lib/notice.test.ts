import { describe, expect, it } from 'vitest';
import {
  listedFilter,
  mayFollowUp,
  noticeAgeText,
  noticeOrder,
  noticeUrgency,
  statusQuery,
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

describe('noticeOrder', () => {
  it('puts overdue, then untouched, then other open notices (oldest first), closed last', () => {
    const ordered = noticeOrder(
      [
        notice('closed-old', 'closed', '2026-01-01', '2026-01-10'),
        notice('fresh', 'open', '2026-03-30'),
        notice('closed-new', 'closed', '2026-03-01', '2026-03-20'),
        notice('working', 'in_progress', '2026-03-15'),
        notice('overdue', 'in_progress', '2026-02-01'),
        notice('untouched', 'open', '2026-03-20'),
      ],
      NOW,
    );
    expect(ordered.map((n) => n.id)).toEqual([
      'overdue',
      'untouched',
      'working',
      'fresh',
      'closed-new',
      'closed-old',
    ]);
  });
});

describe('mayFollowUp', () => {
  it('lets departments and admins follow up, not the offices or coordinators', () => {
    expect(mayFollowUp('department')).toBe(true);
    expect(mayFollowUp('admin')).toBe(true);
    expect(['station', 'community', 'compound', 'coordinator'].some(mayFollowUp)).toBe(false);
  });
});

describe('未办结', () => {
  it('asks the API for every status and keeps those not closed', () => {
    expect(statusQuery('pending')).toBeUndefined();
    expect(statusQuery('in_progress')).toBe('in_progress');
    const all = [
      notice('a', 'open', '2026-03-01'),
      notice('b', 'in_progress', '2026-03-01'),
      notice('c', 'closed', '2026-03-01', '2026-03-02'),
    ];
    expect(all.filter(listedFilter('pending')).map((n) => n.id)).toEqual(['a', 'b']);
    expect(all.filter(listedFilter('all'))).toHaveLength(3);
  });
});
