/**
 * The page's calls for one place or, for an administrator of the whole deployment at the
 * start, for every district summed (the API answers one place at a time).
 */

/** Statistics answer a place out of reach with a 404 in English: said as users would. */
export const PLACE_NOT_FOUND = '该地点不存在或不在您的管辖范围内';

import {
  getBreakdown,
  getOccupancy,
  getSeries,
  type BreakdownBy,
  type BreakdownItem,
  type Interval,
  type Occupancy,
  type Period,
  type SeriesItem,
} from '../../api/stats';
import { mergeBreakdowns, mergeOccupancy, mergeSeries } from '../../lib/statsScope';

/** What the page shows: one place, or several districts as one. */
export interface Target {
  ids: readonly string[];
  /** Several districts summed (no place of its own: no report, no path). */
  all: boolean;
}

export function targetKey(target: Target, period: Period, ...more: string[]): string {
  return [target.ids.join(','), period.from, period.to, ...more].join('|');
}

export async function loadOccupancy(target: Target, period: Period, signal: AbortSignal): Promise<Occupancy> {
  if (!target.all) return getOccupancy(target.ids[0], period, signal);
  const answers = await Promise.all(target.ids.map((id) => getOccupancy(id, period, signal)));
  return mergeOccupancy(answers, period.from, period.to);
}

export async function loadBreakdown(
  target: Target,
  by: BreakdownBy,
  period: Period,
  signal: AbortSignal,
): Promise<BreakdownItem[]> {
  const answers = await Promise.all(target.ids.map((id) => getBreakdown(id, by, period, signal)));
  return target.all ? mergeBreakdowns(answers.map((a) => a.items)) : answers[0].items;
}

export async function loadSeries(
  target: Target,
  interval: Interval,
  period: Period,
  signal: AbortSignal,
): Promise<SeriesItem[]> {
  const answers = await Promise.all(target.ids.map((id) => getSeries(id, interval, period, signal)));
  return target.all ? mergeSeries(answers.map((a) => a.items)) : answers[0].items;
}
