/**
 * The desk card-reader agent (on the clerk's PC, not through the gateway):
 * `GET {agent}/api/card?timeout=10`. Its address is kept in localStorage.
 */

import {
  CARD_AGENT_KEY,
  DEFAULT_CARD_AGENT,
  cardErrorMessage,
  normaliseAgentUrl,
  type CardData,
} from '../lib/card';

export function agentUrl(): string {
  try {
    const stored = localStorage.getItem(CARD_AGENT_KEY);
    return stored ? normaliseAgentUrl(stored) : DEFAULT_CARD_AGENT;
  } catch {
    return DEFAULT_CARD_AGENT;
  }
}

export function setAgentUrl(raw: string): string {
  const url = normaliseAgentUrl(raw);
  try {
    if (url === DEFAULT_CARD_AGENT) localStorage.removeItem(CARD_AGENT_KEY);
    else localStorage.setItem(CARD_AGENT_KEY, url);
  } catch {
    /* private mode: the address holds for this page only */
  }
  return url;
}

export class CardReadError extends Error {
  readonly status: number | null;

  constructor(status: number | null, message: string) {
    super(message);
    this.name = 'CardReadError';
    this.status = status;
  }
}

/** Waits up to `timeoutSeconds` for a card on the reader. */
export async function readCard(
  timeoutSeconds = 10,
  signal?: AbortSignal,
  base: string = agentUrl(),
): Promise<CardData> {
  let response: Response;
  try {
    response = await fetch(`${base}/api/card?timeout=${timeoutSeconds}`, {
      method: 'GET',
      headers: { Accept: 'application/json' },
      signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new CardReadError(null, cardErrorMessage(null, null));
  }
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (!response.ok) {
    const detail =
      body && typeof body === 'object' && typeof (body as { detail?: unknown }).detail === 'string'
        ? (body as { detail: string }).detail
        : null;
    throw new CardReadError(response.status, cardErrorMessage(response.status, detail));
  }
  return body as CardData;
}
