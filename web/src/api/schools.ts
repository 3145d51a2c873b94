/** /api/schools (registry): the schools accompanying minors attend, by name or initials. */

import { api } from './client';

export interface School {
  school_id: string;
  name: string;
  address: string | null;
  place_id: string;
}

export function searchSchools(q: string, signal?: AbortSignal): Promise<{ items: School[]; total: number }> {
  return api('/api/schools', { query: { q }, signal });
}
