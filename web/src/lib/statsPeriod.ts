/** 统计分析: periods (both days inclusive, "YYYY-MM-DD"), the picker's presets, the series' interval. */

import dayjs, { type Dayjs } from 'dayjs';

export interface Period {
  from: string;
  to: string;
}

export const DAY_FORMAT = 'YYYY-MM-DD';

export type PresetKey = 'today' | 'week' | 'month' | 'lastMonth' | 'year';

export const PRESET_NAMES: Record<PresetKey, string> = {
  today: '今天',
  week: '本周',
  month: '本月',
  lastMonth: '上月',
  year: '本年',
};

export const PRESET_ORDER: readonly PresetKey[] = ['today', 'week', 'month', 'lastMonth', 'year'];

/** The longest period the series answers by day, and the longest shown by day unasked. */
export const MOST_DAYS = 366;
export const DAYS_SHOWN_BY_DAY = 62;

export function dayOf(d: Dayjs): string {
  return d.format(DAY_FORMAT);
}

/** A real calendar day written "YYYY-MM-DD". */
export function isDay(value: string | null | undefined): value is string {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && dayjs(value).format(DAY_FORMAT) === value;
}

/** The Monday of `day`'s week (weeks start on Monday, whatever the locale). */
export function mondayOf(day: Dayjs): Dayjs {
  return day.subtract((day.day() + 6) % 7, 'day');
}

/** A preset's period: up to today, or the whole of last month. */
export function presetPeriod(key: PresetKey, today: Dayjs): Period {
  const to = dayOf(today);
  switch (key) {
    case 'today':
      return { from: to, to };
    case 'week':
      return { from: dayOf(mondayOf(today)), to };
    case 'month':
      return { from: dayOf(today.startOf('month')), to };
    case 'lastMonth': {
      const last = today.startOf('month').subtract(1, 'month');
      return { from: dayOf(last), to: dayOf(last.endOf('month')) };
    }
    case 'year':
      return { from: dayOf(today.startOf('year')), to };
  }
}

/** 本月: what the page shows unasked (and what the API takes without a period). */
export function defaultPeriod(today: Dayjs): Period {
  return presetPeriod('month', today);
}

/** The preset a period is, if any (the first one, when two coincide: 今天 on a Monday). */
export function matchPreset(period: Period, today: Dayjs): PresetKey | null {
  return PRESET_ORDER.find((key) => samePeriod(presetPeriod(key, today), period)) ?? null;
}

export function samePeriod(a: Period, b: Period): boolean {
  return a.from === b.from && a.to === b.to;
}

export function daysIn(period: Period): number {
  return dayjs(period.to).diff(dayjs(period.from), 'day') + 1;
}

/** By day for up to two months, by month beyond. */
export function defaultInterval(period: Period): 'day' | 'month' {
  return daysIn(period) <= DAYS_SHOWN_BY_DAY ? 'day' : 'month';
}

export function mayShowDays(period: Period): boolean {
  return daysIn(period) <= MOST_DAYS;
}

/** A month's report period: the whole month, or up to today for the month under way. */
export function monthPeriod(month: Dayjs, today: Dayjs): Period {
  const first = month.startOf('month');
  const last = month.endOf('month');
  const end = !last.isAfter(today, 'day') || first.isAfter(today, 'day') ? last : today;
  return { from: dayOf(first), to: dayOf(end) };
}

/** "2026-03-01 至 2026-03-18", or the one day. */
export function periodLabel(period: Period): string {
  return period.from === period.to ? period.from : `${period.from} 至 ${period.to}`;
}
