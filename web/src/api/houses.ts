/** /api/houses (housing): the house register, its rental filings and inspections. */

import type { PathStep } from './places';
import type { Actor } from './persons';
import { api } from './client';
import type {
  Decimal,
  Department,
  HazardCategory,
  HouseUse,
  Party,
  StandardAddress,
  UnitPageData,
} from './units';

export interface HouseQuery {
  place_id?: string;
  archive_no?: string;
  owner?: string;
  owner_id_number?: string;
  agent?: string;
  address?: string;
  use?: HouseUse;
  cancelled?: boolean;
  coordinator_id?: string;
  over_capacity?: boolean;
  page?: number;
  page_size?: number;
}

export interface HouseHit {
  house_id: string;
  unit_id: string;
  path: PathStep[];
  address: StandardAddress | null;
  archive_no: string;
  use: HouseUse;
  capacity: number | null;
  floor_area: Decimal | null;
  /** Masked as lists show it. */
  owner: Party;
  cancelled: boolean;
  coordinator_id: string | null;
  /** Residents living there now. */
  occupants: number;
}

export interface HousePage {
  items: HouseHit[];
  total: number;
}

export function searchHouses(query: HouseQuery, signal?: AbortSignal): Promise<HousePage> {
  return api<HousePage>('/api/houses', { query: { ...query }, signal });
}

/** The body of a register entry (房屋档案): as `HouseIn` in services/housing api/houses.py. */
export interface HouseBody {
  archive_no: string;
  use: HouseUse | '';
  capacity?: number;
  floor_area?: string;
  owner: PartyBody;
  agent?: PartyBody;
}

export interface PartyBody {
  kind: 'person' | 'company';
  name: string;
  id_number?: string;
  phone?: string;
}

export function registerHouse(body: HouseBody & { unit_id: string }): Promise<{ house_id: string }> {
  return api<{ house_id: string }>('/api/houses', { method: 'POST', json: body });
}

const path = (houseId: string, rest = '') => `/api/houses/${encodeURIComponent(houseId)}${rest}`;

/** The house's page: the same answer as its unit's. */
export function getHouse(houseId: string, signal?: AbortSignal): Promise<UnitPageData> {
  return api<UnitPageData>(path(houseId), { signal });
}

export function changeHouse(houseId: string, body: HouseBody): Promise<{ house_id: string }> {
  return api<{ house_id: string }>(path(houseId), { method: 'PUT', json: body });
}

export function cancelHouse(houseId: string, reason: string): Promise<unknown> {
  return api<unknown>(path(houseId, '/cancellation'), { method: 'POST', json: { reason } });
}

export function restoreHouse(houseId: string): Promise<unknown> {
  return api<unknown>(path(houseId, '/restoration'), { method: 'POST' });
}

export interface HouseEvent {
  version: number;
  at: string;
  type: string;
  actor: Actor | null;
  /** The event's data as recorded, a person's ID numbers and phones masked by the server. */
  data: Record<string, unknown>;
}

export function houseHistory(houseId: string, signal?: AbortSignal): Promise<{ items: HouseEvent[] }> {
  return api<{ items: HouseEvent[] }>(path(houseId, '/history'), { signal });
}

export function assignCoordinator(houseId: string, coordinatorId: string | null): Promise<unknown> {
  return api<unknown>(path(houseId, '/coordinator'), {
    method: 'PUT',
    json: { coordinator_id: coordinatorId },
  });
}

export interface RentalBody {
  tenants: { name: string; id_number?: string; phone?: string }[];
  start_date: string;
  end_date: string;
  monthly_rent: string;
}

export function fileRental(houseId: string, body: RentalBody): Promise<{ rental_id: string }> {
  return api<{ rental_id: string }>(path(houseId, '/rentals'), { method: 'POST', json: body });
}

export function endRental(
  houseId: string,
  rentalId: string,
  body: { ended_on: string; reason?: string },
): Promise<unknown> {
  return api<unknown>(path(houseId, `/rentals/${encodeURIComponent(rentalId)}/end`), {
    method: 'POST',
    json: body,
  });
}

export interface InspectionBody {
  inspected_on: string;
  findings?: string;
  hazards: { category: HazardCategory; description: string; department?: Department }[];
}

export interface InspectionAnswer {
  inspection_id: string;
  notices: { notice_id: string; category: HazardCategory; department: Department }[];
}

export function recordInspection(houseId: string, body: InspectionBody): Promise<InspectionAnswer> {
  return api<InspectionAnswer>(path(houseId, '/inspections'), { method: 'POST', json: body });
}
