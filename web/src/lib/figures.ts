/**
 * The big screen's picture of a place, as the stats feed sends it (`event: figures`,
 * services/stats api/feed.py): residents now, today's arrivals and departures, and the
 * same for every compound at or under the place.
 */

import type { LngLat } from './compoundLayout';

export interface FeedPlace {
  id: string;
  kind: string;
  name: string;
}

export interface CompoundFigures {
  place_id: string;
  name: string;
  current: number;
  arrivals: number;
  departures: number;
  /** Where it stands (GCJ-02), from its five-in-one record; null when not recorded. */
  location: LngLat | null;
}

export interface Figures {
  place: FeedPlace;
  /** When the picture was taken (ISO, UTC). */
  at: string;
  current: number;
  arrivals_today: number;
  departures_today: number;
  compounds: CompoundFigures[];
}

type Loose = Record<string, unknown>;

const isObject = (v: unknown): v is Loose => typeof v === 'object' && v !== null && !Array.isArray(v);
const count = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const text = (v: unknown): string => (typeof v === 'string' ? v : v == null ? '' : String(v));
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** An event's data as figures; null when it is not a picture (bad JSON, no place). */
export function parseFigures(data: string): Figures | null {
  let raw: unknown;
  try {
    raw = JSON.parse(data);
  } catch {
    return null;
  }
  if (!isObject(raw) || !isObject(raw.place) || typeof raw.place.id !== 'string') return null;
  const compounds = Array.isArray(raw.compounds) ? raw.compounds.filter(isObject) : [];
  return {
    place: { id: raw.place.id, kind: text(raw.place.kind), name: text(raw.place.name) },
    at: text(raw.at),
    current: count(raw.current),
    arrivals_today: count(raw.arrivals_today),
    departures_today: count(raw.departures_today),
    compounds: compounds
      .filter((c) => typeof c.place_id === 'string')
      .map((c) => ({
        place_id: c.place_id as string,
        name: text(c.name),
        current: count(c.current),
        arrivals: count(c.arrivals),
        departures: count(c.departures),
        location: finite(c.lng) && finite(c.lat) ? { lng: c.lng, lat: c.lat } : null,
      })),
  };
}

export interface Bar {
  name: string;
  value: number;
  /** The compounds a bar stands for (more than one for "其他"). */
  compounds: number;
}

/**
 * The bar chart's bars: the `limit` compounds with the most residents, largest first,
 * and the rest together as "其他 N 个小区" (a screen cannot show two hundred bars).
 */
export function compoundBars(compounds: readonly CompoundFigures[], limit = 12): Bar[] {
  const sorted = [...compounds].sort(
    (a, b) => b.current - a.current || a.name.localeCompare(b.name, 'zh-CN'),
  );
  if (sorted.length <= limit) {
    return sorted.map((c) => ({ name: c.name, value: c.current, compounds: 1 }));
  }
  const shown = sorted.slice(0, Math.max(0, limit - 1));
  const rest = sorted.slice(shown.length);
  return [
    ...shown.map((c) => ({ name: c.name, value: c.current, compounds: 1 })),
    {
      name: `其他 ${rest.length} 个小区`,
      value: rest.reduce((sum, c) => sum + c.current, 0),
      compounds: rest.length,
    },
  ];
}
