/** /api/notices (housing): hazard notices (隐患通知) and their follow-up by the department. */

import type { Department, HazardCategory, NoticeStatus } from '../lib/housingLabels';
import type { PathStep } from './places';
import { api } from './client';

export interface FollowUpEntry {
  status: 'in_progress' | 'closed';
  note: string;
  /** The username who recorded it. */
  by: string;
  at: string;
}

export interface Notice {
  notice_id: string;
  house_id: string;
  archive_no: string;
  /** The house's unit, from the root down. */
  path: PathStep[];
  category: HazardCategory;
  department: Department;
  description: string;
  status: NoticeStatus;
  follow_ups: FollowUpEntry[];
  raised_at: string;
  closed_at: string | null;
}

export interface NoticeQuery {
  status?: NoticeStatus;
  department?: Department;
  place_id?: string;
}

/** Notices in scope, open ones first (at most 500); a department user sees its own. */
export function listNotices(
  query: NoticeQuery,
  signal?: AbortSignal,
): Promise<{ items: Notice[]; total: number }> {
  return api('/api/notices', { query: { ...query }, signal });
}

/** What the department did; `closed` ends the notice (roles admin and department). */
export function followUpNotice(
  id: string,
  status: 'in_progress' | 'closed',
  note: string,
): Promise<{ notice_id: string; status: NoticeStatus }> {
  return api(`/api/notices/${encodeURIComponent(id)}/follow-ups`, {
    method: 'POST',
    json: { status, note },
  });
}
