import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import {
  daysIn,
  defaultInterval,
  defaultPeriod,
  isDay,
  matchPreset,
  mayShowDays,
  mondayOf,
  monthPeriod,
  periodLabel,
  presetPeriod,
} from './statsPeriod';

// A Wednesday.
const today = dayjs('2026-03-18');

describe('presets', () => {
  it('run up to today, or over the whole of last month', () => {
    expect(presetPeriod('today', today)).toEqual({ from: '2026-03-18', to: '2026-03-18' });
    expect(presetPeriod('week', today)).toEqual({ from: '2026-03-16', to: '2026-03-18' });
    expect(presetPeriod('month', today)).toEqual({ from: '2026-03-01', to: '2026-03-18' });
    expect(presetPeriod('lastMonth', today)).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(presetPeriod('year', today)).toEqual({ from: '2026-01-01', to: '2026-03-18' });
    expect(defaultPeriod(today)).toEqual(presetPeriod('month', today));
  });

  it('start the week on Monday and know last December', () => {
    expect(mondayOf(dayjs('2026-03-22')).format('YYYY-MM-DD')).toBe('2026-03-16'); // a Sunday
    expect(mondayOf(dayjs('2026-03-16')).format('YYYY-MM-DD')).toBe('2026-03-16');
    expect(presetPeriod('lastMonth', dayjs('2026-01-05'))).toEqual({ from: '2025-12-01', to: '2025-12-31' });
  });

  it('are recognised in a period', () => {
    expect(matchPreset({ from: '2026-03-01', to: '2026-03-18' }, today)).toBe('month');
    expect(matchPreset({ from: '2026-02-01', to: '2026-02-28' }, today)).toBe('lastMonth');
    expect(matchPreset({ from: '2026-03-02', to: '2026-03-18' }, today)).toBeNull();
    // 今天 and 本周 on a Monday: the first preset.
    expect(matchPreset({ from: '2026-03-16', to: '2026-03-16' }, dayjs('2026-03-16'))).toBe('today');
  });
});

describe('days', () => {
  it('are real calendar days', () => {
    expect(isDay('2026-02-28')).toBe(true);
    expect(isDay('2026-02-30')).toBe(false);
    expect(isDay('2026-2-3')).toBe(false);
    expect(isDay('')).toBe(false);
    expect(isDay(null)).toBe(false);
  });

  it('choose the series interval', () => {
    expect(daysIn({ from: '2026-03-01', to: '2026-03-31' })).toBe(31);
    expect(defaultInterval({ from: '2026-03-01', to: '2026-03-31' })).toBe('day');
    expect(defaultInterval({ from: '2026-01-01', to: '2026-12-31' })).toBe('month');
    expect(mayShowDays({ from: '2024-01-01', to: '2024-12-31' })).toBe(true); // 366 days
    expect(mayShowDays({ from: '2024-01-01', to: '2025-01-01' })).toBe(false);
  });

  it('give a month report period, up to today for this month', () => {
    expect(monthPeriod(dayjs('2026-02-10'), today)).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(monthPeriod(dayjs('2026-03-01'), today)).toEqual({ from: '2026-03-01', to: '2026-03-18' });
    expect(monthPeriod(dayjs('2026-05-01'), today)).toEqual({ from: '2026-05-01', to: '2026-05-31' });
  });

  it('label a period', () => {
    expect(periodLabel({ from: '2026-03-01', to: '2026-03-18' })).toBe('2026-03-01 至 2026-03-18');
    expect(periodLabel({ from: '2026-03-18', to: '2026-03-18' })).toBe('2026-03-18');
  });
});
