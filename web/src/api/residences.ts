/** /api/residences (registry): check-in, departure, cancellation. */

import type { CheckinBody } from '../lib/checkin';
import { api } from './client';

export interface CheckinAnswer {
  residence_id: string;
  person_id: string;
  status: string;
}

export function checkIn(body: CheckinBody): Promise<CheckinAnswer> {
  return api<CheckinAnswer>('/api/residences', { method: 'POST', json: body });
}

export interface DepartureBody {
  departure_date: string;
  reason?: string;
}

export function declareDeparture(
  residenceId: string,
  body: DepartureBody,
): Promise<{ residence_id: string; status: string }> {
  return api(`/api/residences/${encodeURIComponent(residenceId)}/departure`, {
    method: 'POST',
    json: body,
  });
}

export function cancelResidence(
  residenceId: string,
  reason: string,
): Promise<{ residence_id: string; status: string }> {
  return api(`/api/residences/${encodeURIComponent(residenceId)}/cancellation`, {
    method: 'POST',
    json: { reason },
  });
}
