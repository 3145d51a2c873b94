/**
 * /api/coordinators (housing): coordinators (协管员), their photos and their work lists.
 *
 * The photo is served behind the bearer token, so an <img src> cannot load it:
 * `fetchCoordinatorPhoto` reads it with `authorizedFetch` as a Blob for an object URL.
 */

import type { PathStep } from './places';
import { api, authorizedFetch, failureOf } from './client';

/** One coordinator of the list (GET /api/coordinators). */
export interface Coordinator {
  coordinator_id: string;
  name: string;
  phone: string | null;
  /** Where they work: a community or a compound. */
  place_id: string;
  place_name: string;
  has_photo: boolean;
  /** Houses assigned to them. */
  houses: number;
}

/** One coordinator read alone (GET /api/coordinators/{id}). */
export interface CoordinatorRecord {
  coordinator_id: string;
  name: string;
  phone: string | null;
  place_id: string;
  photo_sha256: string | null;
}

export interface CoordinatorQuery {
  /** Only those working at or below this place. */
  place_id?: string;
}

export interface CoordinatorList {
  items: Coordinator[];
  total: number;
}

/** The coordinators in the caller's scope, by name (roles admin, station, community). */
export function listCoordinators(
  query: CoordinatorQuery = {},
  signal?: AbortSignal,
): Promise<CoordinatorList> {
  return api<CoordinatorList>('/api/coordinators', { query: { ...query }, signal });
}

export function getCoordinator(id: string, signal?: AbortSignal): Promise<CoordinatorRecord> {
  return api<CoordinatorRecord>(`/api/coordinators/${encodeURIComponent(id)}`, { signal });
}

export interface CoordinatorCreate {
  name: string;
  phone?: string | null;
  place_id: string;
  /** Their login, when they have one (role coordinator): the coordinator's id becomes it. */
  user_id?: string | null;
}

export function registerCoordinator(body: CoordinatorCreate): Promise<{ coordinator_id: string }> {
  return api<{ coordinator_id: string }>('/api/coordinators', { method: 'POST', json: body });
}

/**
 * The photo (a JPEG) as a Blob; null when none has been uploaded yet (404). `fresh` skips
 * the browser's cache (the server lets it keep a photo an hour), as after a replacement.
 */
export async function fetchCoordinatorPhoto(
  id: string,
  { signal, fresh = false }: { signal?: AbortSignal; fresh?: boolean } = {},
): Promise<Blob | null> {
  const response = await authorizedFetch(`/api/coordinators/${encodeURIComponent(id)}/photo`, {
    signal,
    cache: fresh ? 'no-cache' : 'default',
  });
  if (response.status === 404) return null;
  if (!response.ok) throw await failureOf(response);
  return response.blob();
}

/** Uploads or replaces the photo (JPEG or PNG, at most 2 MB; kept re-encoded as JPEG). */
export async function uploadCoordinatorPhoto(
  id: string,
  file: File,
): Promise<{ coordinator_id: string; sha256: string }> {
  const body = new FormData();
  body.append('file', file, file.name);
  const response = await authorizedFetch(`/api/coordinators/${encodeURIComponent(id)}/photo`, {
    method: 'PUT',
    body,
    headers: { Accept: 'application/json' },
  });
  if (!response.ok) throw await failureOf(response);
  return (await response.json()) as { coordinator_id: string; sha256: string };
}

export interface WorkHouse {
  house_id: string;
  archive_no: string;
  path: PathStep[];
  address: unknown;
  cancelled: boolean;
  last_inspected_on: string | null;
  open_notices: number;
  rental_ends_on: string | null;
  rental_expiring: boolean;
}

export interface WorkEmployer {
  employer_id: string;
  name: string;
  address: string | null;
  staff: number;
}

/** What the coordinator has to do: houses (most pressing first) and employers. */
export interface CoordinatorWork {
  coordinator: CoordinatorRecord;
  houses: WorkHouse[];
  employers: WorkEmployer[];
}

export function getCoordinatorWork(id: string, signal?: AbortSignal): Promise<CoordinatorWork> {
  return api<CoordinatorWork>(`/api/coordinators/${encodeURIComponent(id)}/work`, { signal });
}

export interface CoordinatorLogin {
  id: string;
  username: string;
  role: string;
  disabled: boolean;
}

/** The logins of role coordinator the caller manages, to link a new coordinator to one. */
export async function listCoordinatorLogins(signal?: AbortSignal): Promise<CoordinatorLogin[]> {
  const answer = await api<{ items: CoordinatorLogin[] }>('/api/users', { signal });
  return answer.items.filter((u) => u.role === 'coordinator' && !u.disabled);
}
