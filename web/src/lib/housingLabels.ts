/** The words users know for the housing register's codes (hazards, departments, notices). */

export type HazardCategory = 'public_order' | 'fire' | 'structure' | 'other';
export type Department = 'police' | 'fire' | 'housing' | 'tax' | 'labour';
export type NoticeStatus = 'open' | 'in_progress' | 'closed';

export const HAZARD_CATEGORY_NAMES: Record<HazardCategory, string> = {
  public_order: '治安隐患',
  fire: '消防隐患',
  structure: '房屋结构隐患',
  other: '其他隐患',
};

export const HAZARD_CATEGORY_COLORS: Record<HazardCategory, string> = {
  public_order: 'geekblue',
  fire: 'volcano',
  structure: 'gold',
  other: 'default',
};

export const DEPARTMENT_NAMES: Record<Department, string> = {
  police: '公安',
  fire: '消防',
  housing: '房管',
  tax: '税务',
  labour: '劳动',
};

export const HAZARD_CATEGORIES = Object.keys(HAZARD_CATEGORY_NAMES) as HazardCategory[];
export const DEPARTMENTS = Object.keys(DEPARTMENT_NAMES) as Department[];

/** Where a hazard's notice goes unless another department is named (domain/inspections.py);
 * "other" has no default and must name one. */
export const DEFAULT_DEPARTMENT: Record<HazardCategory, Department | null> = {
  public_order: 'police',
  fire: 'fire',
  structure: 'housing',
  other: null,
};

export const NOTICE_STATUS_NAMES: Record<NoticeStatus, string> = {
  open: '待处理',
  in_progress: '处理中',
  closed: '已办结',
};

export const NOTICE_STATUS_COLORS: Record<NoticeStatus, string> = {
  open: 'red',
  in_progress: 'orange',
  closed: 'green',
};

function named(names: Record<string, string>, code: string | null | undefined): string {
  if (!code) return '—';
  return names[code] ?? code;
}

export const hazardCategoryName = (code: string | null | undefined) =>
  named(HAZARD_CATEGORY_NAMES, code);
export const departmentName = (code: string | null | undefined) => named(DEPARTMENT_NAMES, code);
export const noticeStatusName = (code: string | null | undefined) =>
  named(NOTICE_STATUS_NAMES, code);

/** [{value, label}] for a Select, in the order the map lists them. */
export function optionsOf<K extends string>(
  names: Record<K, string>,
): { value: K; label: string }[] {
  return (Object.entries(names) as [K, string][]).map(([value, label]) => ({ value, label }));
}
