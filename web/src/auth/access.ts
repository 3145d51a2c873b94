/**
 * Which pages a role opens (as libs/events policy.py allows the calls behind them):
 * the desk needs places and check-ins, search needs person.read, the to-do list
 * exchange.read.
 */

import type { Role } from '../lib/labels';

export type PageKey = 'desk' | 'search' | 'stats' | 'imports' | 'todo' | 'bigscreen';

// The offices (policy.py OFFICES): check-ins, search, statistics and imports are theirs.
const OFFICES: readonly Role[] = ['admin', 'station', 'community', 'compound'];

export const PAGE_ROLES: Record<PageKey, readonly Role[]> = {
  desk: OFFICES,
  search: OFFICES,
  stats: OFFICES,
  imports: OFFICES,
  todo: ['admin', 'station', 'community'],
  bigscreen: OFFICES,
};

export const PAGE_PATHS: Record<PageKey, string> = {
  desk: '/desk',
  search: '/search',
  stats: '/stats',
  imports: '/imports',
  todo: '/todo',
  bigscreen: '/bigscreen',
};

export const PAGE_TITLES: Record<PageKey, string> = {
  desk: '人口信息采集',
  search: '历史记录查询',
  stats: '统计分析',
  imports: '批量导入',
  todo: '待办事宜',
  bigscreen: '大屏',
};

export const PAGE_ORDER: readonly PageKey[] = ['desk', 'search', 'stats', 'imports', 'todo', 'bigscreen'];

export function mayOpen(role: string, page: PageKey): boolean {
  return (PAGE_ROLES[page] as readonly string[]).includes(role);
}

export function pagesFor(role: string): PageKey[] {
  return PAGE_ORDER.filter((page) => mayOpen(role, page));
}

/** Where a user lands after logging in: their first page, or the welcome page. */
export function homePath(role: string): string {
  const [first] = pagesFor(role);
  return first ? PAGE_PATHS[first] : '/welcome';
}

/** Offices check in, declare departures and cancel (residence.write). */
export function mayWriteResidences(role: string): boolean {
  return ['admin', 'station', 'community', 'compound'].includes(role);
}
