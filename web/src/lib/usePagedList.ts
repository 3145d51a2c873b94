import { useEffect, useRef, useState } from 'react';
import { messageOf } from '../api/client';
import { PAGE_SIZES, pageWithin } from './paging';

/** One page of a list, as the API answers it (`total` counts every row that matches). */
export interface ListPage<T> {
  items: T[];
  total: number;
}

export interface PagedList<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
  loading: boolean;
  error: string | null;
  /** The table's page or page size changed (a new size starts at the first page). */
  turn: (page: number, pageSize: number) => void;
}

/**
 * A list the server pages: the page for `filters` (a key naming them; new filters start
 * at the first page), asked again when `round` moves on (刷新, a save). The rows shown
 * stay while the next page comes, and a page past the end (rows closed or withdrawn
 * meanwhile) is asked again as the last one.
 */
export function usePagedList<T>(
  filters: string,
  load: (page: number, pageSize: number, signal: AbortSignal) => Promise<ListPage<T>>,
  round: number,
): PagedList<T> {
  const loader = useRef(load);
  loader.current = load;
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState<number>(PAGE_SIZES[0]);
  const [listed, setListed] = useState(filters);
  const [shown, setShown] = useState<ListPage<T> | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  if (listed !== filters) {
    setListed(filters); // adjusted while rendering, so no page of the old filters is asked
    setPage(1);
  }

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    setError(null);
    loader.current(page, pageSize, controller.signal).then(
      (answer) => {
        if (controller.signal.aborted) return;
        const within = pageWithin(page, pageSize, answer.total);
        if (within !== page) return setPage(within);
        setShown(answer);
        setLoading(false);
      },
      (e: unknown) => {
        if (controller.signal.aborted) return;
        setError(messageOf(e));
        setLoading(false);
      },
    );
    return () => controller.abort();
  }, [listed, page, pageSize, round]);

  const turn = (next: number, size: number) => {
    setPage(size !== pageSize ? 1 : next);
    setPageSize(size);
  };
  return { items: shown?.items ?? [], total: shown?.total ?? 0, page, pageSize, loading, error, turn };
}
