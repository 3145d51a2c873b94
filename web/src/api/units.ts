/** /api/units/{id} (housing): a unit's page, and the shapes it shares with a house's page. */

import type { PathStep } from './places';
import { api } from './client';

export type HouseUse = 'self_occupied' | 'rented' | 'vacant' | 'shop';
export type PartyKind = 'person' | 'company';
import type { Department, HazardCategory, NoticeStatus } from '../lib/housingLabels';

export type { Department, HazardCategory, NoticeStatus };

/** An owner, agent or tenant; on pages a person's ID number and phone come masked. */
export interface Party {
  kind?: PartyKind;
  name: string;
  id_number?: string | null;
  phone?: string | null;
}

/** A unit's standard address (标准地址) beside its everyday description. */
export interface StandardAddress {
  street: string;
  door_no: string;
  room?: string | null;
  description?: string | null;
}

/** Decimals (floor area, rent) come as strings ("58.50"). */
export type Decimal = string | number;

export interface HouseRecord {
  house_id: string;
  archive_no: string;
  use: HouseUse;
  capacity: number | null;
  floor_area: Decimal | null;
  owner: Party;
  agent: Party | null;
  cancelled: boolean;
  cancelled_reason: string | null;
  coordinator_id: string | null;
  coordinator_name: string | null;
  registered_at: string;
  over_capacity: boolean;
}

export interface Rental {
  rental_id: string;
  tenants: Party[];
  start_date: string;
  end_date: string;
  monthly_rent: Decimal;
  filed_by: string | null;
  filed_at: string;
  ended_on: string | null;
  end_reason: string | null;
  /** In force today. */
  current: boolean;
  days_to_expiry: number;
}

export interface InspectionNotice {
  notice_id: string;
  category: HazardCategory;
  department: Department;
  status: NoticeStatus;
}

export interface Inspection {
  inspection_id: string;
  inspected_on: string;
  inspector_id: string;
  findings: string | null;
  notices: InspectionNotice[];
}

export interface FollowUp {
  status: NoticeStatus;
  note: string;
  by: string;
  at: string;
}

export interface HouseNotice {
  notice_id: string;
  house_id: string;
  archive_no: string;
  path: PathStep[];
  category: HazardCategory;
  department: Department;
  description: string;
  status: NoticeStatus;
  follow_ups: FollowUp[];
  raised_at: string;
  closed_at: string | null;
}

export interface Occupant {
  residence_id: string;
  person_id: string;
  name: string | null;
  id_number_masked: string | null;
  arrival_date: string;
  departure_date: string | null;
  status: 'active' | 'departed';
}

export interface UnitInfo {
  id: string;
  name: string;
  path: PathStep[];
  address: StandardAddress | null;
  retired: boolean;
}

/** What `GET /api/units/{id}` and `GET /api/houses/{id}` both answer. */
export interface UnitPageData {
  unit: UnitInfo;
  house: HouseRecord | null;
  rentals: Rental[];
  inspections: Inspection[];
  notices: HouseNotice[];
  occupants: { current: Occupant[]; past: Occupant[] };
}

/** An audited read: the persons it shows go on the audit trail. */
export function getUnit(unitId: string, signal?: AbortSignal): Promise<UnitPageData> {
  return api<UnitPageData>(`/api/units/${encodeURIComponent(unitId)}`, { signal });
}
