/** /api/stats (statistics service): occupancy, breakdowns, series, moves, work, the monthly report. */

import type { Period } from '../lib/statsPeriod';
import { api, buildUrl } from './client';
import { downloadFile } from './download';
import type { PlaceKind } from './places';

/** A period as the API takes it: both days inclusive, "YYYY-MM-DD". */
export type { Period };

export interface Figures {
  /** Arrivals dated within the period. */
  checked_in: number;
  /** Departures dated within the period. */
  departed: number;
  /** Residences active at the end of `to`. */
  current: number;
}

export type FigureKey = keyof Figures;

export interface StatsPlace {
  id: string;
  kind: PlaceKind;
  name: string;
}

/** A child place with its figures. */
export interface ChildFigures extends Figures {
  place_id: string;
  kind: PlaceKind;
  name: string;
}

/** At unit level: a person resident at the end of `to` (current is always 1). */
export interface ResidentFigures extends Figures {
  person_id: string;
  residence_id: string;
  kind: 'person';
  name: string;
  arrival_date: string;
}

export interface Occupancy {
  place: StatsPlace;
  from: string;
  to: string;
  totals: Figures;
  children: ChildFigures[] | ResidentFigures[];
}

export function isResidentRow(row: ChildFigures | ResidentFigures): row is ResidentFigures {
  return row.kind === 'person';
}

export type BreakdownBy =
  | 'origin_province'
  | 'origin_city'
  | 'housing_type'
  | 'reason'
  | 'age_band'
  | 'sex';

export interface BreakdownItem extends Figures {
  key: string;
  name: string;
}

export interface Breakdown {
  place: StatsPlace;
  from: string;
  to: string;
  by: BreakdownBy;
  /** The largest group first (by current, then checked_in). */
  items: BreakdownItem[];
}

export type Interval = 'day' | 'month';

export interface SeriesItem {
  /** The first day of the day or month. */
  period: string;
  arrivals: number;
  departures: number;
  /** Residents at the end of the day or month (at `to`, for the last). */
  residents: number;
}

export interface Series {
  place: StatsPlace;
  from: string;
  to: string;
  interval: Interval;
  items: SeriesItem[];
}

export interface MoveFigures {
  moved_out: number;
  moved_in: number;
  moved_within: number;
}

export interface Moves {
  place: StatsPlace;
  from: string;
  to: string;
  totals: MoveFigures;
  children: (MoveFigures & { place_id: string; kind: PlaceKind; name: string })[];
}

export interface WorkCounts {
  entered: number;
  corrected: number;
  cancelled: number;
}

export interface Work {
  place: StatsPlace;
  from: string;
  to: string;
  by_user: (WorkCounts & { user_id: string; username: string })[];
  by_place: (WorkCounts & { place_id: string; kind: PlaceKind; name: string })[];
  timeliness: {
    month: string;
    changes: number;
    on_time: number;
    late: number;
    deadline: string;
    on_time_share: number;
  }[];
}

function asked(placeId: string, period: Period) {
  return { place_id: placeId, from: period.from, to: period.to };
}

export function getOccupancy(placeId: string, period: Period, signal?: AbortSignal): Promise<Occupancy> {
  return api<Occupancy>('/api/stats/occupancy', { query: asked(placeId, period), signal });
}

export function getBreakdown(
  placeId: string,
  by: BreakdownBy,
  period: Period,
  signal?: AbortSignal,
): Promise<Breakdown> {
  return api<Breakdown>('/api/stats/breakdown', { query: { ...asked(placeId, period), by }, signal });
}

/** At most 366 days or 120 months (422 beyond). */
export function getSeries(
  placeId: string,
  interval: Interval,
  period: Period,
  signal?: AbortSignal,
): Promise<Series> {
  return api<Series>('/api/stats/series', { query: { ...asked(placeId, period), interval }, signal });
}

export function getMoves(placeId: string, period: Period, signal?: AbortSignal): Promise<Moves> {
  return api<Moves>('/api/stats/moves', { query: asked(placeId, period), signal });
}

export function getWork(placeId: string, period: Period, signal?: AbortSignal): Promise<Work> {
  return api<Work>('/api/stats/work', { query: asked(placeId, period), signal });
}

/**
 * 下载月报表: the monthly report workbook (xlsx) of a place and a period, saved by the
 * browser; the name it was saved under.
 */
export function downloadReport(placeId: string, period: Period, signal?: AbortSignal): Promise<string> {
  const url = buildUrl('/api/stats/report', asked(placeId, period));
  return downloadFile(url, `月报表_${period.from}_${period.to}.xlsx`, signal);
}
