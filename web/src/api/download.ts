/**
 * A file the server makes (a template, a workbook) saved by the browser: fetched with the
 * session's token (a plain link cannot carry it), named as the server says, handed over
 * through an object URL.
 */

import { downloadName } from '../lib/download';
import { authorizedFetch, failureOf } from './client';

/** The name the file was saved under. */
export async function downloadFile(
  path: string,
  fallback: string,
  signal?: AbortSignal,
): Promise<string> {
  const response = await authorizedFetch(path, { signal, headers: { Accept: '*/*' } });
  if (!response.ok) throw await failureOf(response);
  const name = downloadName(response.headers.get('content-disposition'), fallback);
  saveBlob(await response.blob(), name);
  return name;
}

function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000); // read after click() returns
}
