/** /api/employers (housing): employers (企业) and their migrant staff (企业用工). */

import type { PathStep } from './places';
import { api } from './client';

/** One employer of the search (GET /api/employers). */
export interface EmployerHit {
  employer_id: string;
  name: string;
  credit_code: string | null;
  place_id: string;
  place_name: string;
  address: string | null;
  coordinator_id: string | null;
  /** Staff employed now. */
  staff: number;
}

export interface StaffMember {
  person_id: string;
  /** Null when housing has not yet learnt the person from the registry. */
  name: string | null;
  id_number_masked: string | null;
  since: string;
  until: string | null;
  /** The unit the person lives in now, if any. */
  unit_id: string | null;
}

/** One employer with its staff, current first (GET /api/employers/{id}). */
export interface Employer {
  employer_id: string;
  name: string;
  credit_code: string | null;
  place_id: string;
  path: PathStep[];
  address: string | null;
  contact_person: string | null;
  phone: string | null;
  coordinator_id: string | null;
  staff: StaffMember[];
}

export interface EmployerQuery {
  /** A part of the name. */
  name?: string;
  place_id?: string;
  /** From 1 (default 1). */
  page?: number;
  /** 1 to 200 (default 20). */
  page_size?: number;
}

/** A page of the search; `total` counts every employer that matches. */
export interface EmployerPage {
  items: EmployerHit[];
  total: number;
}

/** Employers in scope, by name, a page at a time. */
export function searchEmployers(query: EmployerQuery, signal?: AbortSignal): Promise<EmployerPage> {
  return api<EmployerPage>('/api/employers', { query: { ...query }, signal });
}

export function getEmployer(id: string, signal?: AbortSignal): Promise<Employer> {
  return api<Employer>(`/api/employers/${encodeURIComponent(id)}`, { signal });
}

export interface EmployerCreate {
  name: string;
  credit_code?: string | null;
  place_id: string;
  address?: string | null;
  contact_person?: string | null;
  phone?: string | null;
}

export function registerEmployer(body: EmployerCreate): Promise<{ employer_id: string }> {
  return api('/api/employers', { method: 'POST', json: body });
}

/** Null takes the coordinator off the employer. */
export function assignEmployerCoordinator(
  id: string,
  coordinatorId: string | null,
): Promise<{ employer_id: string; coordinator_id: string | null }> {
  return api(`/api/employers/${encodeURIComponent(id)}/coordinator`, {
    method: 'PUT',
    json: { coordinator_id: coordinatorId },
  });
}

/** A person of the registry joins the staff on `since` (YYYY-MM-DD). */
export function addStaff(id: string, personId: string, since: string): Promise<unknown> {
  return api(`/api/employers/${encodeURIComponent(id)}/staff`, {
    method: 'POST',
    json: { person_id: personId, since },
  });
}

export function staffDeparts(id: string, personId: string, until: string): Promise<unknown> {
  const path = `/api/employers/${encodeURIComponent(id)}/staff/${encodeURIComponent(personId)}`;
  return api(`${path}/departure`, { method: 'POST', json: { until } });
}
