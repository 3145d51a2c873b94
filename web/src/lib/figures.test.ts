import { describe, expect, it } from 'vitest';
import { compoundBars, parseFigures, type CompoundFigures } from './figures';

const PICTURE = {
  place: { id: 'p1', kind: 'station', name: '城关派出所' },
  at: '2026-01-05T01:02:03+00:00',
  current: 12,
  arrivals_today: 2,
  departures_today: 1,
  compounds: [
    { place_id: 'c1', name: '幸福小区', current: 7, arrivals: 2, departures: 0, lng: 103.83, lat: 36.06 },
  ],
};

const compound = (name: string, current: number): CompoundFigures => ({
  place_id: name,
  name,
  current,
  arrivals: 0,
  departures: 0,
  location: null,
});

describe('parseFigures', () => {
  it('reads the feed picture', () => {
    const { lng, lat, ...rest } = PICTURE.compounds[0];
    expect(parseFigures(JSON.stringify(PICTURE))).toEqual({
      ...PICTURE,
      compounds: [{ ...rest, location: { lng, lat } }],
    });
  });

  it('is null for what is not a picture', () => {
    expect(parseFigures('not json')).toBeNull();
    expect(parseFigures('[]')).toBeNull();
    expect(parseFigures('{"current": 3}')).toBeNull();
  });

  it('takes missing counts as zero and drops compounds without an id', () => {
    const parsed = parseFigures(
      JSON.stringify({ place: { id: 'p' }, compounds: [{ name: 'x' }, { place_id: 'c', current: 'n' }] }),
    );
    expect(parsed).toEqual({
      place: { id: 'p', kind: '', name: '' },
      at: '',
      current: 0,
      arrivals_today: 0,
      departures_today: 0,
      compounds: [
        { place_id: 'c', name: '', current: 0, arrivals: 0, departures: 0, location: null },
      ],
    });
  });
});

describe('compoundBars', () => {
  it('lists every compound, most residents first, when they fit', () => {
    expect(compoundBars([compound('a', 1), compound('b', 5)], 3)).toEqual([
      { name: 'b', value: 5, compounds: 1 },
      { name: 'a', value: 1, compounds: 1 },
    ]);
  });

  it('puts the rest together past the limit', () => {
    const bars = compoundBars([compound('a', 1), compound('b', 5), compound('c', 3), compound('d', 2)], 3);
    expect(bars).toEqual([
      { name: 'b', value: 5, compounds: 1 },
      { name: 'c', value: 3, compounds: 1 },
      { name: '其他 2 个小区', value: 3, compounds: 2 },
    ]);
  });

  it('is empty for no compounds', () => {
    expect(compoundBars([])).toEqual([]);
  });
});
