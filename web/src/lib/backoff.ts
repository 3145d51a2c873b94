/**
 * How long to wait before connecting again: doubling from `baseMs` up to `maxMs`, and
 * between half and all of that ("equal jitter"), so that many screens cut off together
 * do not all come back at the same instant.
 */

export interface BackoffOptions {
  baseMs?: number;
  maxMs?: number;
  /** A number in [0, 1): Math.random unless a test gives its own. */
  random?: () => number;
}

export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const { baseMs = 1000, maxMs = 30_000, random = Math.random } = options;
  const step = Number.isFinite(attempt) ? Math.max(0, Math.floor(attempt)) : 0;
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(step, 30));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}
