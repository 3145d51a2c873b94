import { useCallback, useEffect, useRef, useState } from 'react';
import { isApiError, messageOf } from '../api/client';

export interface Loaded<T> {
  /** The answer for this key (never one for an earlier key); kept while it is asked again. */
  data: T | undefined;
  /** The latest ask for this key is not answered yet. */
  loading: boolean;
  /** Asked again while an earlier answer for this key is shown. */
  refreshing: boolean;
  error: string | null;
  /** The latest answer was 404: the record does not exist or is out of the user's scope. */
  missing: boolean;
  /** When `data` was answered (epoch ms). */
  updatedAt: number | null;
  retry: () => void;
}

export interface LoadOptions {
  /** Ask again quietly this often while the page is visible. */
  refreshMs?: number;
  /** What to say for a 404 (some services answer it in English). */
  notFound?: string;
}

interface Answer<T> {
  key: string;
  attempt: number;
  data?: T;
  error: string | null;
  missing: boolean;
  at: number;
}

/**
 * Loads what `key` names (null: nothing yet), again whenever the key changes or on retry;
 * an answer that comes after the key moved on is dropped, and the call is aborted.
 * With `refreshMs`, the answer is quietly asked again that often while the page is visible
 * (the figures are projected from events a moment after they happen); a quiet answer
 * that fails leaves the one shown.
 */
export function useLoad<T>(
  key: string | null,
  load: (signal: AbortSignal) => Promise<T>,
  { refreshMs, notFound }: LoadOptions = {},
): Loaded<T> {
  const loader = useRef(load);
  loader.current = load;
  const [attempt, setAttempt] = useState(0);
  const [answer, setAnswer] = useState<Answer<T> | null>(null);

  useEffect(() => {
    if (key === null) return;
    const controller = new AbortController();
    loader.current(controller.signal).then(
      (data) => {
        if (controller.signal.aborted) return;
        setAnswer({ key, attempt, data, error: null, missing: false, at: Date.now() });
      },
      (e: unknown) => {
        if (controller.signal.aborted) return;
        const missing = isApiError(e) && e.status === 404;
        const error = missing && notFound ? notFound : messageOf(e);
        // A failed ask again leaves the last answer shown, with the error beside it.
        setAnswer((shown) => ({
          key,
          attempt,
          data: shown?.key === key ? shown.data : undefined,
          error,
          missing,
          at: shown?.at ?? Date.now(),
        }));
      },
    );
    return () => controller.abort();
  }, [key, attempt, notFound]);

  useEffect(() => {
    if (key === null || !refreshMs) return;
    let running: AbortController | null = null;
    const timer = window.setInterval(() => {
      if (running || document.visibilityState !== 'visible') return;
      const controller = new AbortController();
      running = controller;
      loader.current(controller.signal)
        .then(
          (data) => {
            if (controller.signal.aborted) return;
            setAnswer((shown) =>
              shown && shown.key === key && shown.error === null ? { ...shown, data, at: Date.now() } : shown,
            );
          },
          () => undefined,
        )
        .finally(() => {
          if (running === controller) running = null;
        });
    }, refreshMs);
    return () => {
      window.clearInterval(timer);
      running?.abort();
    };
  }, [key, refreshMs]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  const current = answer !== null && answer.key === key;
  const done = current && answer.attempt === attempt;
  return {
    data: current ? answer.data : undefined,
    loading: key !== null && !done,
    refreshing: current && !done,
    error: done ? answer.error : null,
    missing: done && answer.missing,
    updatedAt: current && answer.data !== undefined ? answer.at : null,
    retry,
  };
}

/** Asks again (keeping what is shown meanwhile) each time `round` moves on: a page's 刷新. */
export function useRetryOn(round: number, retry: () => void): void {
  const seen = useRef(round);
  useEffect(() => {
    if (round !== seen.current) {
      seen.current = round;
      retry();
    }
  }, [round, retry]);
}
