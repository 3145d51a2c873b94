/** /api/audit (gateway): who touched personal records, and the export (itself audited). */

import { api } from './client';
import { downloadFile } from './download';

export interface AuditEntry {
  event_id: string;
  type: string;
  actor_id: string | null;
  actor_name: string;
  role: string | null;
  at: string;
  address: string | null;
  purpose: string | null;
  records: string[];
  detail: Record<string, unknown> | null;
}

export interface AuditQuery {
  user_id?: string;
  record_id?: string;
  from?: string;
  to?: string;
}

export interface AuditPage {
  items: AuditEntry[];
  total: number;
  page: number;
  page_size: number;
}

export function searchAudit(
  query: AuditQuery & { page: number; page_size: number },
  signal?: AbortSignal,
): Promise<AuditPage> {
  return api('/api/audit', { query: { ...query }, signal });
}

export function exportAudit(query: AuditQuery): Promise<string> {
  const params = new URLSearchParams(
    Object.entries(query).filter((entry): entry is [string, string] => Boolean(entry[1])),
  );
  return downloadFile(`/api/audit/export?${params.toString()}`, '审计日志.csv');
}
