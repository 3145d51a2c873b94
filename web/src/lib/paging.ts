/** Lists the API answers a page at a time (`page`, `page_size`; `total` counts them all). */

/** The page sizes a list offers, the first its default. */
export const PAGE_SIZES = [20, 50, 100] as const;

/** The page to show of `total` rows: `page`, or the last one when `page` lies past it (rows
 * closed or withdrawn since it was opened; the first when there are none). */
export function pageWithin(page: number, pageSize: number, total: number): number {
  return Math.max(1, Math.min(page, Math.ceil(total / pageSize)));
}
