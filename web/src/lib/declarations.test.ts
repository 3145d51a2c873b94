import { describe, expect, it } from 'vitest';
import { countByStatus, declarationsShown, waitedFor } from './declarations';

const items = [
  { id: 'a', status: 'confirmed', submitted_at: '2026-11-20T08:00:00Z' },
  { id: 'b', status: 'pending', submitted_at: '2026-11-25T08:00:00Z' },
  { id: 'c', status: 'pending', submitted_at: '2026-11-21T08:00:00Z' },
  { id: 'd', status: 'rejected', submitted_at: '2026-11-26T08:00:00Z' },
];

describe('declarations a clerk sees', () => {
  it('puts the longest-waiting declaration first', () => {
    expect(declarationsShown(items, 'pending').map((d) => d.id)).toEqual(['c', 'b']);
  });

  it('shows all with waiting ones first, then decided ones newest first', () => {
    expect(declarationsShown(items, 'all').map((d) => d.id)).toEqual(['c', 'b', 'd', 'a']);
  });

  it('counts each status for the filter labels', () => {
    expect(countByStatus(items)).toEqual({ pending: 2, confirmed: 1, rejected: 1, all: 4 });
  });

  it('says how long a declaration has waited', () => {
    const now = new Date('2026-11-26T08:00:00Z');
    expect(waitedFor('2026-11-26T07:15:00Z', now)).toBe('等待 45 分钟');
    expect(waitedFor('2026-11-25T05:00:00Z', now)).toBe('等待 27 小时');
    expect(waitedFor('2026-11-21T08:00:00Z', now)).toBe('等待 5 天');
  });
});
