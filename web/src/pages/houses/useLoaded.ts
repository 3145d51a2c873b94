import { useCallback, useEffect, useRef, useState } from 'react';
import { isApiError, messageOf } from '../../api/client';

export interface Loaded<T> {
  data: T | undefined;
  /** The first load of this key (nothing to show yet). */
  loading: boolean;
  /** A reload while the last answer stays shown. */
  refreshing: boolean;
  error: string | null;
  /** 404: the record does not exist or is out of the user's scope. */
  missing: boolean;
  reload: () => void;
}

interface Answer<T> {
  key: string;
  data?: T;
  error: string | null;
  missing: boolean;
}

/**
 * What `key` names, loaded again when the key changes or on `reload` (after a change the
 * page made: the answer shown stays until the new one comes). A late answer for an old key
 * is dropped.
 */
export function useLoaded<T>(key: string, load: (signal: AbortSignal) => Promise<T>): Loaded<T> {
  const loader = useRef(load);
  loader.current = load;
  const [round, setRound] = useState(0);
  const [answer, setAnswer] = useState<Answer<T> | null>(null);
  const [busy, setBusy] = useState(true);

  useEffect(() => {
    const controller = new AbortController();
    setBusy(true);
    loader.current(controller.signal).then(
      (data) => {
        if (controller.signal.aborted) return;
        setAnswer({ key, data, error: null, missing: false });
        setBusy(false);
      },
      (e: unknown) => {
        if (controller.signal.aborted) return;
        const missing = isApiError(e) && e.status === 404;
        // A failed reload leaves the last answer shown, with the error beside it.
        setAnswer((shown) => ({
          key,
          data: shown?.key === key ? shown.data : undefined,
          error: messageOf(e),
          missing,
        }));
        setBusy(false);
      },
    );
    return () => controller.abort();
  }, [key, round]);

  const reload = useCallback(() => setRound((n) => n + 1), []);
  const current = answer !== null && answer.key === key ? answer : null;
  return {
    data: current?.data,
    loading: current === null,
    refreshing: current !== null && busy,
    error: busy ? null : (current?.error ?? null),
    missing: !busy && Boolean(current?.missing),
    reload,
  };
}
