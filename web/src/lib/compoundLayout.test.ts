import { describe, expect, it } from 'vitest';
import { bubbleSize, fitCoordinates, gridLayout, gridSize, layoutCompounds } from './compoundLayout';

const c = (place_id: string, name: string) => ({ place_id, name });

describe('gridSize', () => {
  it('shapes the grid like the panel', () => {
    expect(gridSize(0)).toEqual({ cols: 0, rows: 0 });
    expect(gridSize(1)).toEqual({ cols: 1, rows: 1 });
    expect(gridSize(9, 1)).toEqual({ cols: 3, rows: 3 });
    expect(gridSize(12, 16 / 9)).toEqual({ cols: 5, rows: 3 });
    expect(gridSize(3, 16 / 9)).toEqual({ cols: 2, rows: 2 });
    expect(gridSize(5, 0)).toEqual({ cols: 2, rows: 3 });
  });
});

describe('gridLayout', () => {
  it('puts one compound in the middle', () => {
    expect(gridLayout(1)).toEqual([{ x: 0.5, y: 0.5 }]);
  });

  it('fills rows from the top left and centres a short last row', () => {
    expect(gridLayout(3, 16 / 9)).toEqual([
      { x: 0.25, y: 0.75 },
      { x: 0.75, y: 0.75 },
      { x: 0.5, y: 0.25 },
    ]);
  });

  it('keeps every point inside the panel, none on another', () => {
    const points = gridLayout(37);
    expect(points.every((p) => p.x > 0 && p.x < 1 && p.y > 0 && p.y < 1)).toBe(true);
    expect(new Set(points.map((p) => `${p.x},${p.y}`)).size).toBe(37);
  });
});

describe('fitCoordinates', () => {
  it('scales into the margins, north up', () => {
    expect(
      fitCoordinates([
        { lng: 120, lat: 30 },
        { lng: 121, lat: 31 },
      ]),
    ).toEqual([
      { x: 0.1, y: 0.1 },
      { x: 0.9, y: 0.9 },
    ]);
  });

  it('puts a single spot in the middle', () => {
    expect(fitCoordinates([{ lng: 120, lat: 30 }])).toEqual([{ x: 0.5, y: 0.5 }]);
  });
});

describe('layoutCompounds', () => {
  it('lays out by name, whatever order the feed sends', () => {
    const a = layoutCompounds([c('2', 'B'), c('1', 'A')], {}, 4);
    const b = layoutCompounds([c('1', 'A'), c('2', 'B')], {}, 4);
    expect(a).toEqual(b);
    expect(a.map((x) => x.place_id)).toEqual(['1', '2']);
    expect(a[0].x).toBeLessThan(a[1].x);
  });

  it('uses coordinates only when every compound has them', () => {
    const coords = { '1': { lng: 120, lat: 30 }, '2': { lng: 121, lat: 31 } };
    expect(layoutCompounds([c('1', 'A'), c('2', 'B')], coords).map(({ x, y }) => [x, y])).toEqual([
      [0.1, 0.1],
      [0.9, 0.9],
    ]);
    const some = layoutCompounds([c('1', 'A'), c('2', 'B'), c('3', 'C')], coords, 16 / 9);
    expect(some.map(({ x, y }) => ({ x, y }))).toEqual(gridLayout(3, 16 / 9));
  });

  it('is empty for no compounds', () => {
    expect(layoutCompounds([])).toEqual([]);
  });
});

describe('bubbleSize', () => {
  it('grows with the square root of the residents', () => {
    expect(bubbleSize(0, 100)).toBe(16);
    expect(bubbleSize(100, 100)).toBe(72);
    expect(bubbleSize(25, 100)).toBe(44);
    expect(bubbleSize(500, 100)).toBe(72);
    expect(bubbleSize(3, 0)).toBe(16);
  });
});
