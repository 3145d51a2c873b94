import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { parseStatsSearch, personHref, statsHref, statsSearch } from './statsUrl';

const today = dayjs('2026-03-18');
const ID = '0b0e6f0a-6d5e-4a39-9a57-3b3f1b0c2d11';

describe('parseStatsSearch', () => {
  it('reads the place and the period', () => {
    expect(parseStatsSearch(`?place=${ID}&from=2026-02-01&to=2026-02-28`, today)).toEqual({
      place: ID,
      period: { from: '2026-02-01', to: '2026-02-28' },
    });
  });

  it('shows 本月 at the start when nothing is asked', () => {
    expect(parseStatsSearch('', today)).toEqual({
      place: null,
      period: { from: '2026-03-01', to: '2026-03-18' },
    });
  });

  it('mends a period that is half there, reversed or broken', () => {
    expect(parseStatsSearch('to=2026-02-10', today).period).toEqual({ from: '2026-02-01', to: '2026-02-10' });
    expect(parseStatsSearch('from=2026-01-05', today).period).toEqual({ from: '2026-01-05', to: '2026-03-18' });
    expect(parseStatsSearch('from=2026-04-05', today).period).toEqual({ from: '2026-04-05', to: '2026-04-05' });
    expect(parseStatsSearch('from=2026-03-10&to=2026-03-01', today).period).toEqual({
      from: '2026-03-01',
      to: '2026-03-10',
    });
    expect(parseStatsSearch('from=2026-02-30&to=x', today).period).toEqual({ from: '2026-03-01', to: '2026-03-18' });
  });

  it('takes no place that cannot be one', () => {
    expect(parseStatsSearch('place=', today).place).toBeNull();
    expect(parseStatsSearch('place=../x', today).place).toBeNull();
    expect(parseStatsSearch(`place=%20${ID}%20`, today).place).toBe(ID);
  });
});

describe('links', () => {
  it('carry the place and the period, and read back the same', () => {
    const period = { from: '2026-03-01', to: '2026-03-18' };
    expect(statsHref(ID, period)).toBe(`/stats?place=${ID}&from=2026-03-01&to=2026-03-18`);
    expect(statsHref(null, period)).toBe('/stats?from=2026-03-01&to=2026-03-18');
    expect(parseStatsSearch(statsSearch(ID, period), today)).toEqual({ place: ID, period });
  });

  it('open a person in 历史记录查询', () => {
    expect(personHref(ID)).toBe(`/search?person=${ID}`);
  });
});
