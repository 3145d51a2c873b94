/**
 * The house register's search (`GET /api/houses`): the filter form's values, the query they
 * make, and the address bar that keeps them (so that going back from a house finds the list
 * as it was). An owner's ID number is never put in the address bar.
 */

import type { HouseQuery } from '../api/houses';
import type { HouseUse } from '../api/units';
import { USES } from './houseLabels';
import { normaliseIdNumber } from './idNumber';
import { PAGE_SIZES } from './paging';

export type HouseStatusFilter = 'all' | 'active' | 'cancelled';

export interface HouseFilterValues {
  place_path?: string[];
  archive_no?: string;
  owner?: string;
  owner_id_number?: string;
  agent?: string;
  address?: string;
  use?: HouseUse | null;
  status?: HouseStatusFilter | null;
  over_capacity?: boolean;
  coordinator_id?: string | null;
}

export interface HouseSearch {
  filters: HouseFilterValues;
  page: number;
  pageSize: number;
}

function text(value: string | null | undefined): string | undefined {
  const trimmed = (value ?? '').trim();
  return trimmed ? trimmed : undefined;
}

export function toHouseQuery({ filters, page, pageSize }: HouseSearch): HouseQuery {
  const path = filters.place_path ?? [];
  const idNumber = text(filters.owner_id_number);
  const status = filters.status ?? 'all';
  return {
    place_id: path.length > 0 ? path[path.length - 1] : undefined,
    archive_no: text(filters.archive_no),
    owner: text(filters.owner),
    owner_id_number: idNumber ? normaliseIdNumber(idNumber) : undefined,
    agent: text(filters.agent),
    address: text(filters.address),
    use: filters.use ?? undefined,
    cancelled: status === 'all' ? undefined : status === 'cancelled',
    over_capacity: filters.over_capacity ? true : undefined,
    coordinator_id: filters.coordinator_id ?? undefined,
    page,
    page_size: pageSize,
  };
}

const TEXT_KEYS = ['archive_no', 'owner', 'agent', 'address'] as const;

/** The search as address-bar parameters (the owner's ID number left out). */
export function searchToParams({ filters, page, pageSize }: HouseSearch): URLSearchParams {
  const params = new URLSearchParams();
  const path = filters.place_path ?? [];
  if (path.length > 0) params.set('place', path.join(','));
  for (const key of TEXT_KEYS) {
    const value = text(filters[key]);
    if (value) params.set(key, value);
  }
  if (filters.use) params.set('use', filters.use);
  if (filters.status && filters.status !== 'all') params.set('status', filters.status);
  if (filters.over_capacity) params.set('over_capacity', '1');
  if (filters.coordinator_id) params.set('coordinator', filters.coordinator_id);
  if (page > 1) params.set('page', String(page));
  if (pageSize !== PAGE_SIZES[0]) params.set('size', String(pageSize));
  return params;
}

function positive(value: string | null, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 ? n : fallback;
}

/** The search an address bar names; what it cannot mean is left out. */
export function paramsToSearch(params: URLSearchParams): HouseSearch {
  const filters: HouseFilterValues = {};
  const place = params.get('place');
  if (place) filters.place_path = place.split(',').filter(Boolean);
  for (const key of TEXT_KEYS) {
    const value = text(params.get(key));
    if (value) filters[key] = value;
  }
  const use = params.get('use');
  if (use && (USES as string[]).includes(use)) filters.use = use as HouseUse;
  const status = params.get('status');
  if (status === 'active' || status === 'cancelled') filters.status = status;
  if (params.get('over_capacity') === '1') filters.over_capacity = true;
  const coordinator = params.get('coordinator');
  if (coordinator) filters.coordinator_id = coordinator;
  const size = positive(params.get('size'), PAGE_SIZES[0]);
  return {
    filters,
    page: positive(params.get('page'), 1),
    pageSize: (PAGE_SIZES as readonly number[]).includes(size) ? size : PAGE_SIZES[0],
  };
}
