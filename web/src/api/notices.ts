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
  /** false: not closed yet (未办结), open or in progress. */
  closed?: boolean;
  department?: Department;
  category?: HazardCategory;
  place_id?: string;
  /** Raised at or after this instant (ISO 8601 with its offset). */
  raised_from?: string;
  /** Raised at or before this instant (ISO 8601 with its offset). */
  raised_to?: string;
  /** From 1 (default 1). */
  page?: number;
  /** 1 to 200 (default 20). */
  page_size?: number;
}

/** A page of the list; `total` counts every notice that matches. */
export interface NoticePage {
  items: Notice[];
  total: number;
}

/** Notices in scope, open ones first, oldest first within, a page at a time; a department
 * user sees its own department's. */
export function listNotices(query: NoticeQuery, signal?: AbortSignal): Promise<NoticePage> {
  return api<NoticePage>('/api/notices', { query: { ...query }, signal });
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
