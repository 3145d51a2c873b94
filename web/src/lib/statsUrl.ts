/** 统计分析: what the URL carries (/stats?place=ID&from=&to=), so back, forward and reload work. */

import dayjs, { type Dayjs } from 'dayjs';
import { dayOf, defaultPeriod, isDay, type Period } from './statsPeriod';

export const STATS_PATH = '/stats';

export interface StatsLocation {
  /** The place shown; null: where the user's tree starts. */
  place: string | null;
  period: Period;
}

function placeParam(value: string | null): string | null {
  const text = value?.trim() ?? '';
  // Place ids are UUIDs; anything else is no place (rather than a 404 to explain).
  return /^[0-9a-fA-F-]{1,64}$/.test(text) ? text : null;
}

/**
 * The place and period asked for. A missing or broken period is 本月; `to` alone starts on
 * the first of its month (as the API does), `from` alone runs to today (or to itself, if later).
 */
export function parseStatsSearch(search: URLSearchParams | string, today: Dayjs): StatsLocation {
  const params = typeof search === 'string' ? new URLSearchParams(search) : search;
  const place = placeParam(params.get('place'));
  const from = params.get('from');
  const to = params.get('to');
  let period: Period;
  if (isDay(from) && isDay(to)) {
    period = from <= to ? { from, to } : { from: to, to: from };
  } else if (isDay(to)) {
    period = { from: dayOf(dayjs(to).startOf('month')), to };
  } else if (isDay(from)) {
    const end = dayOf(today);
    period = { from, to: from <= end ? end : from };
  } else {
    period = defaultPeriod(today);
  }
  return { place, period };
}

export function statsSearch(place: string | null, period: Period): string {
  const params = new URLSearchParams();
  if (place) params.set('place', place);
  params.set('from', period.from);
  params.set('to', period.to);
  return params.toString();
}

/** The link to a place (null: the start) in a period. */
export function statsHref(place: string | null, period: Period): string {
  return `${STATS_PATH}?${statsSearch(place, period)}`;
}

/** A resident's record in 历史记录查询. */
export function personHref(personId: string): string {
  return `/search?${new URLSearchParams({ person: personId }).toString()}`;
}
