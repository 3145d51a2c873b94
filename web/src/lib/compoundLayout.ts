/**
 * Where each compound stands on the big screen's schematic map, in [0, 1] × [0, 1]
 * (x to the right, y upwards): from the compounds' coordinates when every one has them,
 * otherwise on a grid shaped like the panel. The grid goes by name, so a compound keeps its
 * place when the figures (and the feed's order) change.
 */

export interface Point {
  x: number;
  y: number;
}

export interface LngLat {
  lng: number;
  lat: number;
}

export interface GridSize {
  cols: number;
  rows: number;
}

/** Columns and rows for `n` cells on a panel `aspect` (width / height) wide. */
export function gridSize(n: number, aspect = 16 / 9): GridSize {
  if (n <= 0) return { cols: 0, rows: 0 };
  const ratio = aspect > 0 && Number.isFinite(aspect) ? aspect : 1;
  const cols = Math.min(n, Math.max(1, Math.round(Math.sqrt(n * ratio))));
  return { cols, rows: Math.ceil(n / cols) };
}

/** The centres of `n` grid cells, row by row from the top left; a short last row is centred. */
export function gridLayout(n: number, aspect = 16 / 9): Point[] {
  const { cols, rows } = gridSize(n, aspect);
  const points: Point[] = [];
  for (let i = 0; i < n; i++) {
    const row = Math.floor(i / cols);
    const inRow = row === rows - 1 ? n - row * cols : cols;
    const col = i % cols;
    const offset = (cols - inRow) / 2;
    points.push({ x: (col + offset + 0.5) / cols, y: 1 - (row + 0.5) / rows });
  }
  return points;
}

/** Coordinates scaled into the panel with a margin, north up; one spot is the centre. */
export function fitCoordinates(coords: readonly LngLat[], margin = 0.1): Point[] {
  if (coords.length === 0) return [];
  const lngs = coords.map((c) => c.lng);
  const lats = coords.map((c) => c.lat);
  const [minLng, maxLng] = [Math.min(...lngs), Math.max(...lngs)];
  const [minLat, maxLat] = [Math.min(...lats), Math.max(...lats)];
  const span = (lo: number, hi: number, v: number) =>
    hi - lo > 0 ? margin + ((v - lo) / (hi - lo)) * (1 - 2 * margin) : 0.5;
  return coords.map((c) => ({ x: span(minLng, maxLng, c.lng), y: span(minLat, maxLat, c.lat) }));
}

const byName = (a: { name: string; place_id: string }, b: { name: string; place_id: string }) =>
  a.name.localeCompare(b.name, 'zh-CN') || (a.place_id < b.place_id ? -1 : a.place_id > b.place_id ? 1 : 0);

/** Each compound with its spot on the map. */
export function layoutCompounds<T extends { place_id: string; name: string }>(
  compounds: readonly T[],
  coordinates: Readonly<Record<string, LngLat | null | undefined>> = {},
  aspect = 16 / 9,
): (T & Point)[] {
  const ordered = [...compounds].sort(byName);
  const located = ordered.map((c) => coordinates[c.place_id]);
  const all = located.every(
    (c): c is LngLat => !!c && Number.isFinite(c.lng) && Number.isFinite(c.lat),
  );
  const points = ordered.length > 0 && all ? fitCoordinates(located as LngLat[]) : gridLayout(ordered.length, aspect);
  return ordered.map((c, i) => ({ ...c, ...points[i] }));
}

/** A bubble's diameter: its area grows with the residents, between `min` and `max` pixels. */
export function bubbleSize(value: number, largest: number, min = 16, max = 72): number {
  if (!(largest > 0) || !(value > 0)) return min;
  return Math.round(min + (max - min) * Math.sqrt(Math.min(value, largest) / largest));
}
