/** /api/places (housing): the place tree every record hangs on. */

import { api } from './client';

export type PlaceKind = 'district' | 'station' | 'community' | 'compound' | 'building' | 'unit';

export interface PathStep {
  id: string;
  kind: PlaceKind;
  name: string;
}

export interface Place {
  id: string;
  kind: PlaceKind;
  name: string;
  parent_id: string | null;
  code?: string | null;
  path: PathStep[];
  officer_id?: string | null;
  officer_name?: string | null;
  retired?: boolean;
  retired_reason?: string | null;
}

const cache = new Map<string, Promise<Place>>();

/** A place (cached for the session: names and paths change rarely). */
export function getPlace(id: string): Promise<Place> {
  let found = cache.get(id);
  if (!found) {
    found = api<Place>(`/api/places/${encodeURIComponent(id)}`);
    found.catch(() => cache.delete(id));
    cache.set(id, found);
  }
  return found;
}

/** Where the user's tree starts: their own place, or every district for an administrator
 * of the whole deployment. */
export function getTops(): Promise<Place[]> {
  return api<Place[]>('/api/places');
}

export function getChildren(id: string, signal?: AbortSignal): Promise<Place[]> {
  return api<Place[]>(`/api/places/${encodeURIComponent(id)}/children`, { signal });
}

/** "幸福小区 / 1号楼 / 101": the path below the district and station, as clerks say it. */
export function placeLabel(place: Pick<Place, 'path' | 'name'>, from = 2): string {
  const steps = place.path.length > 0 ? place.path : [{ name: place.name }];
  const shown = steps.length > from + 1 ? steps.slice(from) : steps;
  return shown.map((s) => s.name).join(' / ');
}
