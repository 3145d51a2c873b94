/** 审计日志: one line for what an audit entry holds beyond who, when and where. */

const FILTER_NAMES: Record<string, string> = {
  id_number: '证件号码',
  name: '姓名',
  place_id: '地点',
  officer_id: '管辖民警',
  arrived_from: '到达起',
  arrived_to: '到达止',
  status: '状态',
};

const REFUSALS: Record<string, string> = {
  locked: '账户已锁定',
  'wrong user name or password': '用户名或密码错误',
};

function texts(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export function auditDetail(entry: {
  records: readonly string[];
  purpose: string | null;
  detail: Record<string, unknown> | null;
}): string {
  const detail = entry.detail ?? {};
  const parts: string[] = [];
  const filters = texts(detail.filters);
  if (filters.length) parts.push(`条件: ${filters.map((f) => FILTER_NAMES[f] ?? f).join('、')}`);
  if (typeof detail.export === 'string') parts.push(`导出: ${detail.export === 'audit_log' ? '审计日志' : detail.export}`);
  if (typeof detail.reason === 'string') parts.push(REFUSALS[detail.reason] ?? detail.reason);
  if (entry.records.length > 1) parts.push(`涉及 ${entry.records.length} 人`);
  if (entry.purpose) parts.push(`用途: ${entry.purpose}`);
  return parts.join('; ');
}
