/** The session's tokens, kept in sessionStorage (gone when the tab closes). */

export interface Tokens {
  access_token: string;
  refresh_token: string;
  /** Epoch milliseconds when the access token expires (as the server said). */
  expires_at: number;
}

const KEY = 'liudong.tokens';

function storage(): Storage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null;
  }
}

export function loadTokens(): Tokens | null {
  const raw = storage()?.getItem(KEY);
  if (!raw) return null;
  try {
    const parsed = JSON.parse(raw) as Partial<Tokens>;
    if (typeof parsed.access_token === 'string' && typeof parsed.refresh_token === 'string') {
      return {
        access_token: parsed.access_token,
        refresh_token: parsed.refresh_token,
        expires_at: typeof parsed.expires_at === 'number' ? parsed.expires_at : 0,
      };
    }
  } catch {
    /* a broken entry is no session */
  }
  return null;
}

export function saveTokens(tokens: Tokens): void {
  storage()?.setItem(KEY, JSON.stringify(tokens));
}

export function clearTokens(): void {
  storage()?.removeItem(KEY);
}

/** The token answer of /api/auth/token and /api/auth/refresh. */
export interface TokenAnswer {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  token_type?: string;
}

export function tokensFrom(answer: TokenAnswer, now: number = Date.now()): Tokens {
  return {
    access_token: answer.access_token,
    refresh_token: answer.refresh_token,
    expires_at: now + answer.expires_in * 1000,
  };
}
