/** The words users know for the housing register's codes (services/housing, libs/events). */

import type { HouseUse, PartyKind } from '../api/units';

export const USE_NAMES: Record<HouseUse, string> = {
  self_occupied: '自住',
  rented: '出租',
  vacant: '空置',
  shop: '商铺',
};

export const USE_COLORS: Record<HouseUse, string> = {
  self_occupied: 'blue',
  rented: 'green',
  vacant: 'default',
  shop: 'purple',
};

export const USES = Object.keys(USE_NAMES) as HouseUse[];

export const PARTY_KIND_NAMES: Record<PartyKind, string> = { person: '个人', company: '单位' };

/** A house's history: its stream's event types. */
export const HOUSE_EVENT_NAMES: Record<string, string> = {
  'liudong.house.registered': '房屋登记',
  'liudong.house.changed': '信息修改',
  'liudong.house.cancelled': '注销(拆迁)',
  'liudong.house.restored': '恢复出租',
  'liudong.house.coordinator_assigned': '指派协管员',
  'liudong.rental.filed': '租赁合同备案',
  'liudong.rental.ended': '租赁终止',
  'liudong.inspection.recorded': '出租屋检查',
  'liudong.notice.followed_up': '隐患处理',
};

function named<K extends string>(names: Record<K, string>, code: string | null | undefined): string {
  if (!code) return '—';
  return (names as Record<string, string>)[code] ?? code;
}

export const houseUseName = (code: string | null | undefined) => named(USE_NAMES, code);
export const houseEventName = (type: string) => HOUSE_EVENT_NAMES[type] ?? type;
