/**
 * /api/stats/feed (stats, passed through by the gateway): the big screen's live figures as
 * server-sent events. EventSource cannot send the Authorization header, so the stream is
 * read with fetch() and parsed here; it is opened again, after a growing pause, whenever it
 * ends, fails or goes quiet past the server's keep-alive.
 */

import { backoffDelay } from '../lib/backoff';
import { parseFigures, type Figures } from '../lib/figures';
import { SseParser } from '../lib/sse';
import { authorizedFetch, buildUrl, failureOf, isApiError, messageOf } from './client';

/** The server says it is alive every 15 s: three missed is a dead connection. */
const SILENCE_MS = 45_000;

export type FeedState = 'connecting' | 'live' | 'waiting';

export interface FeedStatus {
  state: FeedState;
  /** Why the last connection ended (waiting), in words to show. */
  error?: string;
  /** When the next try starts (waiting), epoch ms. */
  retryAt?: number;
}

export interface FeedHandlers {
  onFigures: (figures: Figures) => void;
  onStatus?: (status: FeedStatus) => void;
}

class Silence extends Error {
  constructor() {
    super('数据流中断 (长时间无响应)');
  }
}

function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = window.setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        window.clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}

/** Reads one connection to its end; resolves when it ends, throws when it fails. */
async function readOnce(
  placeId: string,
  connection: AbortController,
  onFigures: (figures: Figures) => void,
  onOpen: () => void,
): Promise<void> {
  const response = await authorizedFetch(buildUrl('/api/stats/feed', { place_id: placeId }), {
    method: 'GET',
    signal: connection.signal,
    cache: 'no-store',
    headers: { Accept: 'text/event-stream' },
  });
  if (!response.ok) throw await failureOf(response);
  if (!response.body) throw new Error('浏览器不支持数据流');
  onOpen();
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  const parser = new SseParser();
  let silent = false;
  let watchdog = 0;
  const arm = () => {
    window.clearTimeout(watchdog);
    watchdog = window.setTimeout(() => {
      silent = true;
      connection.abort();
    }, SILENCE_MS);
  };
  arm();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      arm();
      for (const message of parser.push(decoder.decode(value, { stream: true }))) {
        if (message.event !== 'figures') continue;
        const figures = parseFigures(message.data);
        if (figures) onFigures(figures);
      }
    }
  } catch (error) {
    throw silent ? new Silence() : error;
  } finally {
    window.clearTimeout(watchdog);
    reader.cancel().catch(() => undefined);
  }
}

/** Follows the place's figures until the returned function is called. */
export function openFeed(placeId: string, handlers: FeedHandlers): () => void {
  const stop = new AbortController();
  let connection: AbortController | null = null;
  const status = (s: FeedStatus) => {
    if (!stop.signal.aborted) handlers.onStatus?.(s);
  };

  void (async () => {
    let attempt = 0;
    while (!stop.signal.aborted) {
      connection = new AbortController();
      const current = connection;
      status({ state: 'connecting' });
      let error = '数据流已结束, 正在重新连接';
      try {
        await readOnce(
          placeId,
          current,
          (figures) => {
            attempt = 0; // a picture came: the connection is good
            if (!stop.signal.aborted) handlers.onFigures(figures);
          },
          () => status({ state: 'live' }),
        );
      } catch (e) {
        if (stop.signal.aborted) break;
        if (isApiError(e) && e.status === 401) break; // the session is gone: off to /login
        error = !isApiError(e)
          ? e instanceof Silence
            ? e.message
            : '连接中断, 正在重新连接'
          : e.status === 404
            ? '辖区不存在或不在管辖范围内'
            : messageOf(e);
      }
      if (stop.signal.aborted) break;
      const delay = backoffDelay(attempt++);
      status({ state: 'waiting', error, retryAt: Date.now() + delay });
      await wait(delay, stop.signal);
    }
  })();

  return () => {
    stop.abort();
    connection?.abort();
  };
}
