/** 网上申报确认: which declarations a clerk sees first, and how long they have waited. */

export type DeclarationFilter = 'pending' | 'confirmed' | 'rejected' | 'all';

interface Listed {
  status: string;
  submitted_at: string;
}

/**
 * The declarations of a filter: waiting ones the longest-waiting first (a resident is
 * waiting), decided ones the newest first.
 */
export function declarationsShown<T extends Listed>(items: readonly T[], filter: DeclarationFilter): T[] {
  const chosen = items.filter((d) => filter === 'all' || d.status === filter);
  const pendingFirst = (d: T) => (d.status === 'pending' ? 0 : 1);
  return [...chosen].sort((a, b) => {
    const byStatus = pendingFirst(a) - pendingFirst(b);
    if (byStatus !== 0) return byStatus;
    const order = a.submitted_at < b.submitted_at ? -1 : a.submitted_at > b.submitted_at ? 1 : 0;
    return a.status === 'pending' ? order : -order;
  });
}

/** "等待 3 小时": how long a declaration has waited (minutes, hours, then days). */
export function waitedFor(submittedAt: string, now: Date): string {
  const minutes = Math.max(0, Math.floor((now.getTime() - new Date(submittedAt).getTime()) / 60000));
  if (minutes < 60) return `等待 ${minutes} 分钟`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `等待 ${hours} 小时`;
  return `等待 ${Math.floor(hours / 24)} 天`;
}

export function countByStatus(items: readonly Listed[]): Record<DeclarationFilter, number> {
  const counts = { pending: 0, confirmed: 0, rejected: 0, all: items.length };
  for (const d of items) {
    if (d.status in counts) counts[d.status as 'pending' | 'confirmed' | 'rejected'] += 1;
  }
  return counts;
}
