import { describe, expect, it } from 'vitest';
import { urgentFirst } from './order';

describe('to-do order', () => {
  it('puts overdue open items first, then open by due time, then answered', () => {
    const items = [
      { id: 'a', status: 'answered' as const, overdue: true, due_at: '2026-11-01T08:00:00Z' },
      { id: 'b', status: 'open' as const, overdue: false, due_at: '2026-11-30T08:00:00Z' },
      { id: 'c', status: 'open' as const, overdue: true, due_at: '2026-11-20T08:00:00Z' },
      { id: 'd', status: 'open' as const, overdue: false, due_at: '2026-11-28T08:00:00Z' },
      { id: 'e', status: 'open' as const, overdue: true, due_at: '2026-11-10T08:00:00Z' },
    ];
    expect(urgentFirst(items).map((i) => i.id)).toEqual(['e', 'c', 'd', 'b', 'a']);
  });
});
