/**
 * A house's history (`GET /api/houses/{id}/history`) as lines a clerk reads: what happened,
 * and for a change what changed. The service sends the events' ID numbers and phones masked;
 * every line masks them again as lists do (masking a masked number changes nothing).
 */

import type { HouseEvent } from '../api/houses';
import type { HazardCategory, HouseUse, Party } from '../api/units';
import { formatArea, formatParty, formatRent } from './houseFormat';
import { houseEventName, USE_NAMES } from './houseLabels';
import { departmentName, hazardCategoryName, noticeStatusName } from './housingLabels';
import { maskIdNumber, maskPhone } from './mask';

interface Facts {
  archive_no?: string;
  use?: HouseUse;
  capacity?: number | null;
  floor_area?: string | number | null;
  owner?: Party;
  agent?: Party | null;
}

export interface HistoryLine {
  key: string;
  at: string;
  type: string;
  title: string;
  who: string;
  detail: string;
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** A party as a list shows it: a person's ID number and any phone masked. */
export function maskedParty(party: Party | null | undefined): Party | null {
  if (!party) return null;
  const person = (party.kind ?? 'person') === 'person';
  return {
    ...party,
    id_number: party.id_number && person ? maskIdNumber(party.id_number) : party.id_number,
    phone: party.phone ? maskPhone(party.phone) : party.phone,
  };
}

const FACT_LABELS: [keyof Facts, string][] = [
  ['archive_no', '房屋档案编号'],
  ['use', '用途'],
  ['capacity', '核定居住人数'],
  ['floor_area', '面积'],
  ['owner', '产权人'],
  ['agent', '代理人'],
];

function factText(facts: Facts, key: keyof Facts): string {
  switch (key) {
    case 'use':
      return facts.use ? USE_NAMES[facts.use] : '—';
    case 'capacity':
      return facts.capacity ? `${facts.capacity} 人` : '—';
    case 'floor_area':
      return formatArea(facts.floor_area) || '—';
    case 'owner':
    case 'agent':
      return formatParty(maskedParty(facts[key])) || '无';
    default:
      return str(facts[key]) || '—';
  }
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** Facts as compared: "58.5" and 58.50 are the same area, absent and null the same. */
function normal(facts: Facts): Facts {
  const area = facts.floor_area;
  return {
    ...facts,
    capacity: facts.capacity ?? null,
    floor_area: area === null || area === undefined || area === '' ? null : Number(area),
    agent: facts.agent ?? null,
  };
}

/** "用途: 出租 → 空置; 产权人: …" for what differs between two entries of the register. */
export function factChanges(before: Facts, after: Facts): string {
  const [a, b] = [normal(before), normal(after)];
  return FACT_LABELS.filter(([key]) => !same(a[key], b[key]))
    .map(([key, label]) => `${label}: ${factText(a, key)} → ${factText(b, key)}`)
    .join('; ');
}

function registered(facts: Facts): string {
  return [
    `档案编号 ${facts.archive_no ?? ''}`,
    `用途 ${factText(facts, 'use')}`,
    `产权人 ${factText(facts, 'owner')}`,
  ].join(', ');
}

interface HazardData {
  category?: HazardCategory;
  department?: string;
}

/** Every event of the house's stream, oldest first, as lines (facts compared in order). */
export function historyLines(
  events: readonly HouseEvent[],
  coordinatorName: (id: string) => string | undefined = () => undefined,
): HistoryLine[] {
  let facts: Facts = {};
  return events.map((event) => {
    const d = event.data;
    let detail = '';
    switch (event.type) {
      case 'liudong.house.registered':
        facts = (d.facts as Facts | undefined) ?? {};
        detail = registered(facts);
        break;
      case 'liudong.house.changed': {
        const now = (d.facts as Facts | undefined) ?? {};
        // A change is recorded only when something changed: when nothing shown differs, the
        // masked-out digits of a number did.
        detail = factChanges(facts, now) || '证件号码或联系电话已更正';
        facts = now;
        break;
      }
      case 'liudong.house.cancelled':
        detail = `原因: ${str(d.reason)}`;
        break;
      case 'liudong.house.restored':
        facts = { ...facts, use: 'rented' };
        detail = '恢复登记, 用途改为出租';
        break;
      case 'liudong.house.coordinator_assigned': {
        const id = str(d.coordinator_id);
        const name = id ? coordinatorName(id) : undefined;
        // A coordinator's id means nothing to a clerk: their name, when the page knows it.
        detail = !id ? '取消指派协管员' : name ? `协管员: ${name}` : '已指派协管员';
        break;
      }
      case 'liudong.rental.filed': {
        const tenants = Array.isArray(d.tenants) ? (d.tenants as Party[]) : [];
        detail = [
          `承租人 ${tenants.map((t) => t.name).join('、')}`,
          `租期 ${str(d.start_date)} 至 ${str(d.end_date)}`,
          `月租金 ${formatRent(d.monthly_rent as string)}`,
        ].join(', ');
        break;
      }
      case 'liudong.rental.ended':
        detail = [`终止于 ${str(d.ended_on)}`, str(d.reason) && `原因: ${str(d.reason)}`]
          .filter(Boolean)
          .join(', ');
        break;
      case 'liudong.inspection.recorded': {
        const hazards = Array.isArray(d.hazards) ? (d.hazards as HazardData[]) : [];
        detail = [
          `检查日期 ${str(d.inspected_on)}`,
          hazards.length === 0
            ? '未发现隐患'
            : `隐患 ${hazards
                .map((h) => `${hazardCategoryName(h.category)}→${departmentName(h.department)}`)
                .join('、')}`,
        ].join(', ');
        break;
      }
      case 'liudong.notice.followed_up':
        detail = `${noticeStatusName(str(d.status))}: ${str(d.note)}`;
        break;
      default:
        detail = '';
    }
    const actor = event.actor;
    return {
      key: `${event.version}`,
      at: event.at,
      type: event.type,
      title: houseEventName(event.type),
      who: actor?.username ?? '',
      detail,
    };
  });
}
