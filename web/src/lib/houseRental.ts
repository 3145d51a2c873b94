/**
 * Rental filings (租赁合同备案): the form and its body (services/housing api/houses.py
 * RentalIn), and how a filing's state reads to a clerk.
 */

import type { RentalBody } from '../api/houses';
import type { Rental } from '../api/units';
import type { FieldPath } from './fieldErrors';
import { normaliseIdNumber } from './idNumber';

export interface TenantFormValues {
  name?: string;
  id_number?: string;
  phone?: string;
}

export interface RentalFormValues {
  tenants?: TenantFormValues[];
  start_date?: string | null;
  end_date?: string | null;
  monthly_rent?: number | null;
}

/** Days before the term ends from which a filing counts as expiring (the work list's 30). */
export const EXPIRING_DAYS = 30;

function text(value: string | null | undefined): string | undefined {
  const trimmed = (value ?? '').trim();
  return trimmed ? trimmed : undefined;
}

export function buildRentalBody(values: RentalFormValues): RentalBody {
  const rent = values.monthly_rent;
  return {
    tenants: (values.tenants ?? []).map((t) => {
      const tenant: RentalBody['tenants'][number] = { name: text(t.name) ?? '' };
      const idNumber = text(t.id_number);
      const phone = text(t.phone);
      if (idNumber) tenant.id_number = normaliseIdNumber(idNumber);
      if (phone) tenant.phone = phone;
      return tenant;
    }),
    start_date: values.start_date ?? '',
    end_date: values.end_date ?? '',
    monthly_rent: typeof rent === 'number' && Number.isFinite(rent) ? rent.toFixed(2) : '',
  };
}

/** The term's end must follow its start (the service says so too, on `end_date`). */
export function termProblem(start: string | null | undefined, end: string | null | undefined) {
  if (start && end && end <= start) return '到期日期必须晚于起租日期';
  return null;
}

export type RentalState = 'ended' | 'expired' | 'pending' | 'expiring' | 'current';

export const RENTAL_STATE_NAMES: Record<RentalState, string> = {
  ended: '已终止',
  expired: '已到期',
  pending: '未开始',
  expiring: '即将到期',
  current: '有效',
};

export const RENTAL_STATE_COLORS: Record<RentalState, string> = {
  ended: 'default',
  expired: 'default',
  pending: 'blue',
  expiring: 'orange',
  current: 'green',
};

/** Ended early, past its term, not yet begun, ending within 30 days, or in force. */
export function rentalState(rental: Rental, today: string): RentalState {
  if (rental.ended_on && rental.ended_on <= today) return 'ended';
  if (rental.current) return rental.days_to_expiry <= EXPIRING_DAYS ? 'expiring' : 'current';
  if (rental.start_date > today) return 'pending';
  return rental.ended_on ? 'ended' : 'expired';
}

/** One line for the state: "即将到期 (剩 20 天)", "有效 (2026-12-01 提前终止)". */
export function rentalStateText(rental: Rental, today: string): string {
  const state = rentalState(rental, today);
  const name = RENTAL_STATE_NAMES[state];
  if (state !== 'ended' && rental.ended_on) return `${name} (${rental.ended_on} 提前终止)`;
  return state === 'expiring' ? `${name} (剩 ${rental.days_to_expiry} 天)` : name;
}

/** A filing can be ended early while its term has not run out and it was not ended. */
export function mayEnd(rental: Rental, today: string): boolean {
  return rental.ended_on === null && rental.end_date >= today;
}

/**
 * The day an early end defaults to: today, kept within the term (the service refuses
 * a day outside it).
 */
export function defaultEndDay(rental: Rental, today: string): string {
  if (today < rental.start_date) return rental.start_date;
  return today > rental.end_date ? rental.end_date : today;
}

const TOP_FIELDS = new Set(['start_date', 'end_date', 'monthly_rent', 'tenants']);
const TENANT_FIELDS = new Set(['name', 'id_number', 'phone']);

export function isRentalField(path: FieldPath, tenantCount: number): boolean {
  const [head, index, field] = path;
  if (path.length === 1) return typeof head === 'string' && TOP_FIELDS.has(head);
  return (
    head === 'tenants' &&
    path.length === 3 &&
    typeof index === 'number' &&
    index < tenantCount &&
    typeof field === 'string' &&
    TENANT_FIELDS.has(field)
  );
}
