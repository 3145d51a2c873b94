import type { ExchangeItem } from '../../api/exchange';

/** The most urgent first: open overdue items, then open by due time, then answered ones. */
export function urgentFirst<T extends Pick<ExchangeItem, 'overdue' | 'status' | 'due_at'>>(
  items: readonly T[],
): T[] {
  const rank = (i: T) => (i.status === 'open' ? (i.overdue ? 0 : 1) : 2);
  return [...items].sort(
    (a, b) => rank(a) - rank(b) || Date.parse(a.due_at) - Date.parse(b.due_at),
  );
}
