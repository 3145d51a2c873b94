/** The words users know, for the codes the API speaks. */

export type Role =
  | 'admin'
  | 'station'
  | 'community'
  | 'compound'
  | 'coordinator'
  | 'resident'
  | 'department';

export const ROLE_NAMES: Record<Role, string> = {
  admin: '系统管理员',
  station: '分局/派出所',
  community: '社区工作人员',
  compound: '小区管理处',
  coordinator: '协管员',
  resident: '居民',
  department: '职能部门',
};

export function roleName(role: string): string {
  return (ROLE_NAMES as Record<string, string>)[role] ?? role;
}

export type ResidenceStatus = 'active' | 'departed' | 'cancelled';

export const STATUS_NAMES: Record<ResidenceStatus, string> = {
  active: '在住',
  departed: '已离开',
  cancelled: '已注销',
};

export const STATUS_COLORS: Record<ResidenceStatus, string> = {
  active: 'green',
  departed: 'default',
  cancelled: 'red',
};

export function statusName(status: string): string {
  return (STATUS_NAMES as Record<string, string>)[status] ?? status;
}

export const PLACE_KIND_NAMES: Record<string, string> = {
  district: '县区/分局',
  station: '派出所/街道',
  community: '社区',
  compound: '小区',
  building: '楼栋',
  unit: '户(房屋)',
};

export const SEX_NAMES: Record<string, string> = { '1': '男', '2': '女' };

export type IdType = 'resident' | 'hmt_permit' | 'foreign_pr' | 'passport';

export const ID_TYPES: { code: IdType; name: string }[] = [
  { code: 'resident', name: '居民身份证' },
  { code: 'hmt_permit', name: '港澳台居民居住证' },
  { code: 'foreign_pr', name: '外国人永久居留身份证' },
  { code: 'passport', name: '护照' },
];

export const CAPTURE_NAMES: Record<string, string> = {
  typed: '手工录入',
  card: '二代证识读',
  self_declared: '网上申报',
  imported: '批量导入',
};

/** Timeline entries: the registry's event types. */
export const EVENT_NAMES: Record<string, string> = {
  'liudong.person.registered': '人员登记',
  'liudong.person.amended': '信息更正',
  'liudong.residence.checked_in': '入住登记',
  'liudong.residence.departed': '离开申报',
  'liudong.residence.cancelled': '注销',
  'liudong.minor.enrolled': '随行子女入学',
  'liudong.declaration.submitted': '网上申报',
  'liudong.declaration.decided': '申报审核',
};

export function eventName(type: string): string {
  return EVENT_NAMES[type] ?? type;
}

/** 待办事宜: the province's items and the answers each takes (sync-province exchange.ANSWERS). */
export type ExchangeKind = 'move_out_notice' | 'move_in_notice' | 'assistance_request';

export const EXCHANGE_KIND_NAMES: Record<ExchangeKind, string> = {
  move_out_notice: '需流出登记',
  move_in_notice: '需流入登记',
  assistance_request: '协查',
};

export const EXCHANGE_ANSWERS: Record<ExchangeKind, Record<string, string>> = {
  move_out_notice: { departure_registered: '已办理流出登记', not_resident: '查无此人在住' },
  move_in_notice: { arrival_registered: '已办理流入登记', not_arrived: '未到本地居住' },
  assistance_request: { resident: '核实在住', not_resident: '核实不在住' },
};

export function exchangeKindName(kind: string): string {
  return (EXCHANGE_KIND_NAMES as Record<string, string>)[kind] ?? kind;
}

export function exchangeAnswers(kind: string): { code: string; name: string }[] {
  const answers = (EXCHANGE_ANSWERS as Record<string, Record<string, string>>)[kind] ?? {};
  return Object.entries(answers).map(([code, name]) => ({ code, name }));
}

export type DeclarationStatusName = 'pending' | 'confirmed' | 'rejected';

export const DECLARATION_STATUS: Record<DeclarationStatusName, { name: string; color: string }> = {
  pending: { name: '待确认', color: 'orange' },
  confirmed: { name: '已确认', color: 'green' },
  rejected: { name: '已退回', color: 'red' },
};

export const AUDIT_TYPE_NAMES: Record<string, string> = {
  'liudong.audit.person_viewed': '查阅人员信息',
  'liudong.audit.persons_searched': '查询人员',
  'liudong.audit.records_exported': '导出数据',
  'liudong.audit.login_succeeded': '登录',
  'liudong.audit.login_failed': '登录失败',
};
