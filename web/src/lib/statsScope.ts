/**
 * 统计分析: the path walked from where the user's tree starts, and the figures of an
 * administrator's whole deployment (every district, summed in the browser: the API
 * answers one place at a time).
 */

import type { PathStep, PlaceKind } from '../api/places';
import type {
  BreakdownItem,
  ChildFigures,
  Figures,
  Occupancy,
  SeriesItem,
} from '../api/stats';

export const ALL_PLACES_NAME = '全部辖区';

export interface Crumb {
  /** null: every district (an administrator of the whole deployment). */
  id: string | null;
  name: string;
  kind?: PlaceKind;
}

/**
 * The breadcrumb of a place: its path from the user's start (their place, or a district)
 * down to itself, after 全部辖区 when the user sees several districts.
 */
export function crumbsOf(path: readonly PathStep[], startIds: readonly string[], severalTops: boolean): Crumb[] {
  const from = path.findIndex((step) => startIds.includes(step.id));
  const steps = from >= 0 ? path.slice(from) : path.slice(-1);
  const crumbs: Crumb[] = steps.map((s) => ({ id: s.id, name: s.name, kind: s.kind }));
  return severalTops ? [{ id: null, name: ALL_PLACES_NAME }, ...crumbs] : crumbs;
}

export function sumFigures(list: readonly Figures[]): Figures {
  return list.reduce<Figures>(
    (sum, f) => ({
      checked_in: sum.checked_in + f.checked_in,
      departed: sum.departed + f.departed,
      current: sum.current + f.current,
    }),
    { checked_in: 0, departed: 0, current: 0 },
  );
}

/** Every district's occupancy as one: the districts are the children. */
export function mergeOccupancy(answers: readonly Occupancy[], from: string, to: string): Occupancy {
  const children: ChildFigures[] = answers.map((a) => ({
    place_id: a.place.id,
    kind: a.place.kind,
    name: a.place.name,
    checked_in: a.totals.checked_in,
    departed: a.totals.departed,
    current: a.totals.current,
  }));
  return {
    place: { id: '', kind: 'district', name: ALL_PLACES_NAME },
    from,
    to,
    totals: sumFigures(answers.map((a) => a.totals)),
    children,
  };
}

/** The API's order: the largest group first (current, then checked_in), then by key. */
export function byLargest(a: BreakdownItem, b: BreakdownItem): number {
  return b.current - a.current || b.checked_in - a.checked_in || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

/** Several places' breakdowns summed group by group. */
export function mergeBreakdowns(lists: readonly (readonly BreakdownItem[])[]): BreakdownItem[] {
  const groups = new Map<string, BreakdownItem>();
  for (const items of lists) {
    for (const item of items) {
      const found = groups.get(item.key);
      groups.set(
        item.key,
        found ? { ...found, ...sumFigures([found, item]) } : { ...item },
      );
    }
  }
  return [...groups.values()].sort(byLargest);
}

/** Several places' series (the same periods) summed period by period. */
export function mergeSeries(lists: readonly (readonly SeriesItem[])[]): SeriesItem[] {
  const periods = new Map<string, SeriesItem>();
  for (const items of lists) {
    for (const item of items) {
      const found = periods.get(item.period);
      periods.set(
        item.period,
        found
          ? {
              period: item.period,
              arrivals: found.arrivals + item.arrivals,
              departures: found.departures + item.departures,
              residents: found.residents + item.residents,
            }
          : { ...item },
      );
    }
  }
  return [...periods.values()].sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0));
}
