/**
 * A 422's messages in the words clerks know: the services' own rules speak Chinese
 * ("房屋档案编号已被使用"), but a request's structural checks (a phone of the wrong shape, a
 * number out of range) come from pydantic in English. Those are put in Chinese, named by the
 * field's label (the form's own labels, else the house register's).
 */

import type { ValidationItem } from './fieldErrors';

export interface PydanticItem extends ValidationItem {
  ctx?: Record<string, unknown>;
}

export const HOUSE_FIELD_LABELS: Record<string, string> = {
  unit_id: '房屋',
  archive_no: '房屋档案编号',
  use: '用途',
  capacity: '核定居住人数',
  floor_area: '面积',
  owner: '产权人',
  agent: '代理人',
  kind: '类型',
  name: '姓名/名称',
  id_number: '证件号码',
  phone: '联系电话',
  reason: '原因',
  tenants: '承租人',
  start_date: '起租日期',
  end_date: '到期日期',
  monthly_rent: '月租金',
  ended_on: '终止日期',
  inspected_on: '检查日期',
  findings: '检查情况',
  hazards: '隐患',
  category: '隐患类别',
  description: '隐患描述',
  department: '接收部门',
  coordinator_id: '协管员',
};

const HAN = /[\u4e00-\u9fff]/;

export type FieldLabels = Readonly<Record<string, string>>;

function labelOf(loc: readonly (string | number)[], labels: FieldLabels): string {
  for (let i = loc.length - 1; i >= 0; i--) {
    const part = loc[i];
    if (typeof part !== 'string') continue;
    const label = labels[part] ?? HOUSE_FIELD_LABELS[part];
    if (label) return label;
  }
  return String(loc[loc.length - 1] ?? '');
}

function chinese(item: PydanticItem, labels: FieldLabels): string | null {
  const label = labelOf(item.loc, labels);
  const ctx = item.ctx ?? {};
  switch (item.type) {
    case 'missing':
    case 'string_too_short':
      return `${label}, 必须录入, 不能为空!`;
    case 'too_short':
      return `${label}, 至少录入 ${String(ctx.min_length ?? 1)} 项`;
    case 'string_too_long':
      return `${label}, 不能超过 ${String(ctx.max_length ?? '')} 个字`;
    case 'too_long':
      return `${label}, 不能超过 ${String(ctx.max_length ?? '')} 项`;
    case 'string_pattern_mismatch':
      return `${label}, 格式不正确`;
    case 'greater_than':
      return `${label}, 必须大于 ${String(ctx.gt)}`;
    case 'greater_than_equal':
      return `${label}, 不能小于 ${String(ctx.ge)}`;
    case 'less_than_equal':
      return `${label}, 不能大于 ${String(ctx.le)}`;
    case 'less_than':
      return `${label}, 必须小于 ${String(ctx.lt)}`;
    case 'literal_error':
    case 'enum':
      return `${label}, 不在可选范围内`;
    case 'date_parsing':
    case 'date_from_datetime_parsing':
    case 'date_type':
      return `${label}, 日期格式应为 YYYY-MM-DD`;
    case 'decimal_parsing':
    case 'decimal_type':
    case 'int_parsing':
    case 'int_from_float':
    case 'int_type':
      return `${label}, 应为数字`;
    case 'decimal_max_places':
      return `${label}, 最多保留 ${String(ctx.decimal_places ?? 2)} 位小数`;
    default:
      return null;
  }
}

/** The items with every English message put in Chinese (the rules' own left as they are). */
export function inChinese(
  detail: readonly PydanticItem[],
  labels: FieldLabels = {},
): ValidationItem[] {
  return detail.map((item) => {
    if (HAN.test(item.msg)) return item;
    const msg = chinese(item, labels);
    return msg ? { ...item, msg } : item;
  });
}
