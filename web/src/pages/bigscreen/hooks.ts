import { useEffect, useState } from 'react';
import { messageOf } from '../../api/client';
import { openFeed, type FeedStatus } from '../../api/feed';
import { getPlace, getTops } from '../../api/places';
import type { Figures } from '../../lib/figures';

/**
 * The place the screen shows: `?place=` in the address, else the user's own place, else
 * (an administrator of the whole deployment) the first place their tree starts with.
 */
export function usePlaceId(fromUrl: string | null, scope: string | null): { placeId: string | null; error: string | null } {
  const chosen = fromUrl || scope;
  const [first, setFirst] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (chosen) return;
    let live = true;
    setError(null);
    getTops()
      .then((tops) => {
        if (!live) return;
        if (tops.length === 0) setError('没有可显示的辖区');
        else setFirst(tops[0].id);
      })
      .catch((e: unknown) => live && setError(messageOf(e)));
    return () => {
      live = false;
    };
  }, [chosen]);

  return { placeId: chosen || first, error: chosen ? null : error };
}

/** The place's name for the title before the feed's first picture names it. */
export function usePlaceName(placeId: string | null, fromFeed: string | undefined): string | null {
  const [name, setName] = useState<string | null>(null);
  useEffect(() => {
    setName(null);
    if (!placeId) return;
    let live = true;
    getPlace(placeId)
      .then((place) => live && setName(place.name))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [placeId]);
  return fromFeed || name;
}

/** The live figures of the place, and how the connection stands. */
export function useFeed(placeId: string | null): { figures: Figures | null; status: FeedStatus } {
  const [figures, setFigures] = useState<Figures | null>(null);
  const [status, setStatus] = useState<FeedStatus>({ state: 'connecting' });
  useEffect(() => {
    setFigures(null);
    if (!placeId) return;
    setStatus({ state: 'connecting' });
    return openFeed(placeId, { onFigures: setFigures, onStatus: setStatus });
  }, [placeId]);
  return { figures, status };
}

/** One "unit" of the screen in pixels (1% of a 16:9 box's height), for the charts' type. */
export function useScreenUnit(): number {
  const measure = () => Math.min(window.innerHeight, window.innerWidth * 0.5625) / 100;
  const [unit, setUnit] = useState(measure);
  useEffect(() => {
    const update = () => setUnit(measure());
    window.addEventListener('resize', update);
    return () => window.removeEventListener('resize', update);
  }, []);
  return unit;
}

/** The time now, once a second. */
export function useNow(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(new Date()), 1000);
    return () => window.clearInterval(timer);
  }, []);
  return now;
}

/** Whether the page fills the screen (the Fullscreen API). */
export function useFullscreen(): boolean {
  const [full, setFull] = useState(() => typeof document !== 'undefined' && !!document.fullscreenElement);
  useEffect(() => {
    const update = () => setFull(!!document.fullscreenElement);
    document.addEventListener('fullscreenchange', update);
    return () => document.removeEventListener('fullscreenchange', update);
  }, []);
  return full;
}
