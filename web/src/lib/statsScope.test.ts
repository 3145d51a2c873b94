import { describe, expect, it } from 'vitest';
import type { PathStep } from '../api/places';
import type { Occupancy } from '../api/stats';
import { ALL_PLACES_NAME, crumbsOf, mergeBreakdowns, mergeOccupancy, mergeSeries, sumFigures } from './statsScope';

const path: PathStep[] = [
  { id: 'd', kind: 'district', name: '城关区' },
  { id: 's', kind: 'station', name: '城关派出所' },
  { id: 'c', kind: 'community', name: '幸福社区' },
  { id: 'p', kind: 'compound', name: '幸福小区' },
];

describe('crumbsOf', () => {
  it('starts at the user\'s place', () => {
    expect(crumbsOf(path, ['s'], false).map((c) => c.name)).toEqual(['城关派出所', '幸福社区', '幸福小区']);
    expect(crumbsOf(path, ['s'], false)[0]).toEqual({ id: 's', name: '城关派出所', kind: 'station' });
  });

  it('starts at 全部辖区 for an administrator of several districts', () => {
    const crumbs = crumbsOf(path, ['x', 'd'], true);
    expect(crumbs[0]).toEqual({ id: null, name: ALL_PLACES_NAME });
    expect(crumbs.map((c) => c.id)).toEqual([null, 'd', 's', 'c', 'p']);
  });

  it('shows the place alone when its path does not meet the start', () => {
    expect(crumbsOf(path, ['elsewhere'], false).map((c) => c.id)).toEqual(['p']);
    expect(crumbsOf([], ['s'], false)).toEqual([]);
  });
});

describe('the whole deployment', () => {
  const occupancy = (id: string, name: string, c: number, d: number, n: number): Occupancy => ({
    place: { id, kind: 'district', name },
    from: '2026-03-01',
    to: '2026-03-18',
    totals: { checked_in: c, departed: d, current: n },
    children: [],
  });

  it('sums the districts and lists them as the children', () => {
    const merged = mergeOccupancy([occupancy('a', '甲区', 3, 1, 10), occupancy('b', '乙区', 2, 0, 5)], '2026-03-01', '2026-03-18');
    expect(merged.place.name).toBe(ALL_PLACES_NAME);
    expect(merged.totals).toEqual({ checked_in: 5, departed: 1, current: 15 });
    expect(merged.children).toEqual([
      { place_id: 'a', kind: 'district', name: '甲区', checked_in: 3, departed: 1, current: 10 },
      { place_id: 'b', kind: 'district', name: '乙区', checked_in: 2, departed: 0, current: 5 },
    ]);
    expect(sumFigures([])).toEqual({ checked_in: 0, departed: 0, current: 0 });
  });

  it('sums breakdowns group by group, the largest first', () => {
    const merged = mergeBreakdowns([
      [
        { key: '430000', name: '湖南省', checked_in: 1, departed: 0, current: 4 },
        { key: '510000', name: '四川省', checked_in: 0, departed: 0, current: 3 },
      ],
      [{ key: '510000', name: '四川省', checked_in: 2, departed: 1, current: 3 }],
    ]);
    expect(merged.map((i) => [i.name, i.current, i.checked_in])).toEqual([
      ['四川省', 6, 2],
      ['湖南省', 4, 1],
    ]);
  });

  it('sums series period by period', () => {
    expect(
      mergeSeries([
        [
          { period: '2026-03-02', arrivals: 1, departures: 0, residents: 5 },
          { period: '2026-03-01', arrivals: 0, departures: 1, residents: 4 },
        ],
        [{ period: '2026-03-01', arrivals: 2, departures: 0, residents: 7 }],
      ]),
    ).toEqual([
      { period: '2026-03-01', arrivals: 2, departures: 1, residents: 11 },
      { period: '2026-03-02', arrivals: 1, departures: 0, residents: 5 },
    ]);
  });
});
