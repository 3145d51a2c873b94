/** /api/compounds/{id}/profile (housing): a compound's five-in-one record (五位一体). */

import type { PathStep, PlaceKind } from './places';
import { api } from './client';

export interface Company {
  name: string;
  credit_code?: string | null;
  contact_person?: string | null;
  phone?: string | null;
}

export interface BuildingResidents {
  building_id: string;
  building: string;
  residents: number;
  households: number;
}

/** GCJ-02, as Chinese map software gives it: where the big screen's map puts the compound. */
export interface Location {
  lng: number;
  lat: number;
}

export interface CompoundProfile {
  compound: { id: string; kind: PlaceKind; name: string; code: string | null; path: PathStep[] };
  developer: Company | null;
  builder: Company | null;
  property_company: Company | null;
  location: Location | null;
  /** Null until the record is first saved. */
  updated_at: string | null;
  residents: { current: number; households: number; by_building: BuildingResidents[] };
}

export interface ProfileBody {
  developer: Company | null;
  builder: Company | null;
  property_company: Company | null;
  location: Location | null;
}

export function getProfile(compoundId: string, signal?: AbortSignal): Promise<CompoundProfile> {
  return api<CompoundProfile>(`/api/compounds/${encodeURIComponent(compoundId)}/profile`, {
    signal,
  });
}

/** Replaces the three companies and the location (null removes one); answers the record. */
export function putProfile(compoundId: string, body: ProfileBody): Promise<CompoundProfile> {
  return api<CompoundProfile>(`/api/compounds/${encodeURIComponent(compoundId)}/profile`, {
    method: 'PUT',
    json: body,
  });
}
