import { useCallback, useEffect, useRef, useState } from 'react';
import { isApiError, messageOf } from '../../api/client';

export interface Loaded<T> {
  /** The answer for this key (never one for an earlier key). */
  data: T | undefined;
  loading: boolean;
  error: string | null;
  /** When `data` was answered (epoch ms). */
  updatedAt: number | null;
  retry: () => void;
}

/** The statistics answer 404 in English for a place out of reach: say it as users would. */
function describe(error: unknown): string {
  if (isApiError(error) && error.status === 404) return '该地点不存在或不在您的管辖范围内';
  return messageOf(error);
}

interface Answer<T> {
  key: string;
  attempt: number;
  data?: T;
  error: string | null;
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
  refreshMs?: number,
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
        if (!controller.signal.aborted) setAnswer({ key, attempt, data, error: null, at: Date.now() });
      },
      (e: unknown) => {
        if (!controller.signal.aborted) setAnswer({ key, attempt, error: describe(e), at: Date.now() });
      },
    );
    return () => controller.abort();
  }, [key, attempt]);

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
    error: done ? answer.error : null,
    updatedAt: current && answer.error === null ? answer.at : null,
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
