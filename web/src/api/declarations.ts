/** /api/declarations (registry): residents' online declarations and the clerk's decision. */

import type { CheckinBody } from '../lib/checkin';
import { api } from './client';

export type DeclarationStatus = 'pending' | 'confirmed' | 'rejected';

export interface DeclarationListed {
  declaration_id: string;
  status: DeclarationStatus;
  unit_id: string;
  place_path: string[];
  /** "小区/楼栋/户" */
  address: string | null;
  name: string;
  id_number_masked: string;
  reason: string | null;
  residence_id: string | null;
  submitted_at: string;
  decided_by: string | null;
  decided_at: string | null;
}

export interface Declaration extends DeclarationListed {
  body: CheckinBody;
}

export function listDeclarations(
  signal?: AbortSignal,
): Promise<{ items: DeclarationListed[]; total: number }> {
  return api('/api/declarations', { signal });
}

export function getDeclaration(id: string, signal?: AbortSignal): Promise<Declaration> {
  return api(`/api/declarations/${encodeURIComponent(id)}`, { signal });
}

export function confirmDeclaration(
  id: string,
): Promise<{ status: 'confirmed'; residence_id: string; person_id: string }> {
  return api(`/api/declarations/${encodeURIComponent(id)}/confirmation`, { method: 'POST' });
}

export function rejectDeclaration(id: string, reason: string): Promise<{ status: 'rejected' }> {
  return api(`/api/declarations/${encodeURIComponent(id)}/rejection`, {
    method: 'POST',
    json: { reason },
  });
}

/** A resident's own declaration; it waits for a clerk as `pending`. */
export function submitDeclaration(
  body: CheckinBody,
): Promise<{ declaration_id: string; status: 'pending' }> {
  return api('/api/declarations', { method: 'POST', json: body });
}

export interface DeclarableUnit {
  unit_id: string;
  /** "小区/楼栋/户" */
  address: string;
}

/** Where a resident may declare: the units of their compound whose address contains `q`. */
export function declarableUnits(q: string, signal?: AbortSignal): Promise<{ items: DeclarableUnit[] }> {
  return api('/api/declarations/units', { query: { q }, signal });
}
