/**
 * Which pages a role opens (as libs/events policy.py allows the calls behind them):
 * the desk needs places and check-ins, search needs person.read, the to-do list
 * exchange.read, the houses house.read, users user.manage, the audit trail audit.read.
 */

import type { Role } from '../lib/labels';

export type PageKey =
  | 'desk'
  | 'search'
  | 'declarations'
  | 'imports'
  | 'houses'
  | 'compounds'
  | 'coordinators'
  | 'employers'
  | 'notices'
  | 'stats'
  | 'bigscreen'
  | 'todo'
  | 'users'
  | 'audit'
  | 'selfDeclaration';

// The offices (policy.py OFFICES): check-ins, search, statistics and imports are theirs.
const OFFICES: readonly Role[] = ['admin', 'station', 'community', 'compound'];
const FIELD: readonly Role[] = [...OFFICES, 'coordinator'];

export const PAGE_ROLES: Record<PageKey, readonly Role[]> = {
  desk: OFFICES,
  search: OFFICES,
  declarations: OFFICES,
  imports: OFFICES,
  houses: FIELD,
  compounds: OFFICES,
  coordinators: ['admin', 'station', 'community'],
  employers: FIELD,
  notices: [...FIELD, 'department'],
  stats: OFFICES,
  bigscreen: OFFICES,
  todo: ['admin', 'station', 'community'],
  users: OFFICES,
  audit: ['admin', 'station'],
  selfDeclaration: ['resident'],
};

export const PAGE_PATHS: Record<PageKey, string> = {
  desk: '/desk',
  search: '/search',
  declarations: '/declarations',
  imports: '/imports',
  houses: '/houses',
  compounds: '/compounds',
  coordinators: '/coordinators',
  employers: '/employers',
  notices: '/notices',
  stats: '/stats',
  bigscreen: '/bigscreen',
  todo: '/todo',
  users: '/users',
  audit: '/audit',
  selfDeclaration: '/my-declarations',
};

export const PAGE_TITLES: Record<PageKey, string> = {
  desk: '人口信息采集',
  search: '历史记录查询',
  declarations: '网上申报确认',
  imports: '批量导入',
  houses: '实有房屋',
  compounds: '小区五位一体',
  coordinators: '协管员',
  employers: '企业用工',
  notices: '隐患通知',
  stats: '统计分析',
  bigscreen: '大屏',
  todo: '待办事宜',
  users: '用户管理',
  audit: '审计日志',
  selfDeclaration: '居住申报',
};

/** The menu's groups, in order; a group a role has no page in is not shown. */
export const MENU_GROUPS: readonly { title: string; pages: readonly PageKey[] }[] = [
  { title: '人口管理', pages: ['desk', 'search', 'declarations', 'imports', 'selfDeclaration'] },
  { title: '房屋管理', pages: ['houses', 'compounds', 'coordinators', 'employers', 'notices'] },
  { title: '统计分析', pages: ['stats', 'bigscreen'] },
  { title: '信息交换', pages: ['todo'] },
  { title: '系统管理', pages: ['users', 'audit'] },
];

export const PAGE_ORDER: readonly PageKey[] = MENU_GROUPS.flatMap((group) => group.pages);

export function mayOpen(role: string, page: PageKey): boolean {
  return (PAGE_ROLES[page] as readonly string[]).includes(role);
}

export function pagesFor(role: string): PageKey[] {
  return PAGE_ORDER.filter((page) => mayOpen(role, page));
}

/** The menu of a role: its groups with the pages it opens, empty groups left out. */
export function menuFor(role: string): { title: string; pages: PageKey[] }[] {
  return MENU_GROUPS.map((group) => ({
    title: group.title,
    pages: group.pages.filter((page) => mayOpen(role, page)),
  })).filter((group) => group.pages.length > 0);
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

/** The page a path belongs to (`/houses/…` → houses; `/units/…` is the houses' too). */
export function pageOfPath(path: string): PageKey | null {
  const section = '/' + (path.split(/[/?#]/)[1] ?? '');
  if (section === '/units') return 'houses';
  const found = (Object.entries(PAGE_PATHS) as [PageKey, string][]).find(([, p]) => p === section);
  return found ? found[0] : null;
}

/**
 * Where to go after logging in: back where the session ended, if the new user may open it
 * (on a shared desk the last user's page may not be theirs); else their first page.
 */
export function landingPath(role: string, wanted: string | null): string {
  if (wanted) {
    const page = pageOfPath(wanted);
    if (page === null || mayOpen(role, page)) return wanted;
  }
  return homePath(role);
}
