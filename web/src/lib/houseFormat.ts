/** How the house pages write addresses, areas, rents, parties and occupancy. */

import type { Decimal, Party, StandardAddress } from '../api/units';
import { PARTY_KIND_NAMES } from './houseLabels';

/** "东关大街18号302 (东关菜场北侧)": the standard address, then the everyday one. */
export function formatAddress(address: StandardAddress | null | undefined): string {
  if (!address) return '';
  const standard = [address.street, address.door_no, address.room ?? '']
    .map((part) => (part ?? '').trim())
    .join('');
  const description = (address.description ?? '').trim();
  if (standard && description) return `${standard} (${description})`;
  return standard || description;
}

function asNumber(value: Decimal | null | undefined): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

/** "58.5 m²"; empty when not recorded. */
export function formatArea(value: Decimal | null | undefined): string {
  const n = asNumber(value);
  return n === null ? '' : `${Number(n.toFixed(2))} m²`;
}

/** "1,800.00 元". */
export function formatRent(value: Decimal | null | undefined): string {
  const n = asNumber(value);
  if (n === null) return '';
  return `${n.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} 元`;
}

/** "赵房东 (个人) 110105********1234 · 137****1234", with what the record has. */
export function formatParty(party: Party | null | undefined, withKind = false): string {
  if (!party) return '';
  const kind = withKind && party.kind ? ` (${PARTY_KIND_NAMES[party.kind]})` : '';
  const extras = [party.id_number, party.phone].filter((v): v is string => Boolean(v));
  return [`${party.name}${kind}`, ...extras].join(' · ');
}

export interface Occupancy {
  text: string;
  over: boolean;
}

/** "3 / 2 人" against the capacity allowed (over: more residents than allowed). */
export function occupancy(residents: number, capacity: number | null): Occupancy {
  if (capacity === null) return { text: `${residents} 人`, over: false };
  return { text: `${residents} / ${capacity} 人`, over: residents > capacity };
}
