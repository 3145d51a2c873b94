/** /api/persons (registry): the search (masked) and a person's full record. */

import type { ResidenceStatus } from '../lib/labels';
import { api } from './client';

export type { PersonSort } from '../lib/personSort';
import type { PersonSort } from '../lib/personSort';

export interface PersonQuery {
  id_number?: string;
  name?: string;
  place_id?: string;
  officer_id?: string;
  arrived_from?: string;
  arrived_to?: string;
  status?: ResidenceStatus;
  sort?: PersonSort;
  page?: number;
  page_size?: number;
}

export interface ResidenceSummary {
  residence_id: string;
  unit_id: string;
  arrival_date: string;
  departure_date: string | null;
  status: ResidenceStatus;
}

export interface PersonHit {
  person_id: string;
  name: string;
  id_number_masked: string;
  phone_masked?: string | null;
  residence: ResidenceSummary;
}

export interface PersonPage {
  items: PersonHit[];
  total: number;
  page: number;
  page_size: number;
}

export function searchPersons(query: PersonQuery, signal?: AbortSignal): Promise<PersonPage> {
  return api<PersonPage>('/api/persons', { query: { ...query }, signal });
}

export interface EmploymentRecord {
  has_local_employer?: boolean | null;
  occupation?: string | null;
  employer?: {
    name: string;
    contact_person?: string | null;
    phone?: string | null;
    address?: string | null;
  } | null;
  years_worked?: number | null;
  labour_contract?: boolean | null;
  social_insurance?: boolean | null;
}

export interface ResidenceRecord {
  residence_id: string;
  unit_id: string;
  place_path: string[];
  arrival_date: string;
  departure_date: string | null;
  status: ResidenceStatus;
  housing_type: string;
  reason: string;
  intended_stay_days: number | null;
  declaration: { applies_for_permit?: boolean | null; employment?: EmploymentRecord | null } | null;
  capture: { channel?: string; reader_id?: string | null; chip_serial?: string | null; batch_id?: string | null } | null;
}

export interface Actor {
  user_id?: string;
  username?: string;
  role?: string;
}

export interface TimelineEntry {
  at: string;
  type: string;
  actor: Actor | null;
  data: Record<string, unknown>;
}

export interface ViewEntry {
  action: string;
  actor_name: string;
  role: string | null;
  at: string;
  purpose: string | null;
}

export interface PersonDetails {
  hukou_address?: string | null;
  hukou_type?: string | null;
  marital_status?: string | null;
  political_status?: string | null;
  education?: string | null;
  military_service?: string | null;
}

export interface PersonRecord {
  person_id: string;
  id_number: string;
  id_type: string | null;
  nationality: string | null;
  name: string;
  sex: string;
  ethnicity: string;
  birth_date: string;
  phone: string | null;
  details: PersonDetails | null;
  residences: ResidenceRecord[];
  views: ViewEntry[];
  timeline: TimelineEntry[];
}

/** The full record: an audited read (the person's record shows who opened it). */
export function getPerson(personId: string, signal?: AbortSignal): Promise<PersonRecord> {
  return api<PersonRecord>(`/api/persons/${encodeURIComponent(personId)}`, { signal });
}

/** 修改: correct the fields sent; every version stays in the person's timeline. */
export function amendPerson(
  personId: string,
  body: Record<string, string | null>,
): Promise<{ person_id: string; changed: string[] }> {
  return api(`/api/persons/${encodeURIComponent(personId)}`, { method: 'PATCH', json: body });
}
