/**
 * /api/imports (registry): the template, a file checked (dry run) or landed as a job to
 * follow, the rejected rows as a workbook, and withdrawing a batch.
 *
 * Uploads and downloads are not JSON, which `api()` speaks: `authorizedFetch` sends them
 * with the session's token and the same one renewal on 401.
 */

import type { Rejection } from '../lib/importJob';
import { api, ApiError, authorizedFetch, failureOf } from './client';
import { downloadFile } from './download';

export interface ExistingMatch {
  /** The row of the file. */
  row: number;
  person_id: string;
  /** Whether the registered name is the row's (the record's details stay as they are). */
  name_matches: boolean;
  /** The person lives somewhere now: landing ends that residence as a move. */
  active_residence: boolean;
}

export interface ImportReport {
  rows: number;
  accepted: number;
  rejected: Rejection[];
  matches_existing: number;
  existing: ExistingMatch[];
}

export interface LandingReport extends ImportReport {
  batch_id: string;
  /** Rows landed by this import. */
  landed: number;
  /** Rows an earlier import of the same file had landed. */
  already_imported: number;
}

export interface ImportJob {
  job_id: string;
  filename?: string;
  dry_run?: boolean;
  stage: string;
  rows_total: number | null;
  rows_done: number | null;
  report: ImportReport | LandingReport | null;
  error: string | null;
  /** The run stopped moving (its worker was lost). */
  interrupted?: boolean;
}

const INTERRUPTED = '导入中断, 请重新导入; 已导入的行不会重复导入';
const POLL_MS = 500;

/** 下载模板: the xlsx with the caller's units as the 房屋 column's dropdown. */
export function downloadTemplate(): Promise<string> {
  return downloadFile('/api/imports/template', '流动人口批量导入模板.xlsx');
}

/** The rejected rows of a batch as they were, with the reason (an audited export). */
export function downloadRejected(batchId: string): Promise<string> {
  return downloadFile(`/api/imports/${encodeURIComponent(batchId)}/rejected`, `未导入的行-${batchId.slice(0, 8)}.xlsx`);
}

export function getImportJob(jobId: string, signal?: AbortSignal): Promise<ImportJob> {
  return api<ImportJob>(`/api/imports/jobs/${encodeURIComponent(jobId)}`, { signal });
}

/** 撤销本批导入: every residence of the batch cancelled (compensating events). */
export function withdrawBatch(batchId: string): Promise<{ batch_id: string; withdrawn: number }> {
  return api(`/api/imports/${encodeURIComponent(batchId)}`, { method: 'DELETE' });
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new DOMException('aborted', 'AbortError'));
      return;
    }
    const timer = window.setTimeout(() => {
      signal?.removeEventListener('abort', stop);
      resolve();
    }, ms);
    const stop = () => {
      window.clearTimeout(timer);
      reject(new DOMException('aborted', 'AbortError'));
    };
    signal?.addEventListener('abort', stop, { once: true });
  });
}

export type ProgressHandler = (job: Pick<ImportJob, 'stage' | 'rows_done' | 'rows_total'>) => void;

/**
 * Sends the file (`dryRun`: checked only, nothing written) as a background job and follows
 * it to its report; `onProgress` hears each stage and count. A server that answers at once
 * (no job) is taken at its word.
 */
export async function runImport(
  file: File,
  dryRun: true,
  onProgress: ProgressHandler,
  signal?: AbortSignal,
): Promise<ImportReport>;
export async function runImport(
  file: File,
  dryRun: false,
  onProgress: ProgressHandler,
  signal?: AbortSignal,
): Promise<LandingReport>;
export async function runImport(
  file: File,
  dryRun: boolean,
  onProgress: ProgressHandler,
  signal?: AbortSignal,
): Promise<ImportReport | LandingReport> {
  onProgress({ stage: 'uploading', rows_done: null, rows_total: null });
  const body = new FormData();
  body.append('file', file, file.name);
  const response = await authorizedFetch(dryRun ? '/api/imports?dry_run=true' : '/api/imports', {
    method: 'POST',
    body,
    signal,
    headers: { Accept: 'application/json', Prefer: 'respond-async' },
  });
  if (!response.ok) throw await failureOf(response);
  const answer = (await response.json()) as Partial<ImportJob> & Partial<LandingReport>;
  if (response.status !== 202 || !answer.job_id) return answer as LandingReport;
  let job: ImportJob = { stage: answer.stage ?? 'reading', rows_done: null, rows_total: null } as ImportJob;
  let misses = 0; // polls in a row that got no answer (a network blip, a restart)
  for (;;) {
    onProgress(job);
    await sleep(POLL_MS, signal);
    try {
      job = await getImportJob(answer.job_id, signal);
      misses = 0;
    } catch (error) {
      const passing = error instanceof ApiError && (error.status === 0 || error.status >= 502);
      if (!passing || ++misses >= 10) throw error;
      continue;
    }
    if (job.stage === 'done' && job.report) {
      onProgress(job);
      return job.report;
    }
    if (job.stage === 'failed') throw new ApiError(422, job.error || INTERRUPTED, job.error);
    if (job.interrupted) throw new ApiError(503, INTERRUPTED, INTERRUPTED);
  }
}
