/**
 * The one way the app talks to the gateway: same-origin `/api/...`, the bearer token on
 * every call, one renewal (`POST /api/auth/refresh`) when a call answers 401, and errors
 * as `ApiError` with the server's `detail` and a Chinese message to show.
 */

import { detailMessage } from '../lib/fieldErrors';
import { clearTokens, loadTokens, saveTokens, tokensFrom, type TokenAnswer } from './tokens';

export type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Record<string, QueryValue>;
  /** A JSON body. */
  json?: unknown;
  /** A form body (application/x-www-form-urlencoded), as OAuth2 asks. */
  form?: Record<string, string>;
  signal?: AbortSignal;
  /** Send the token and renew it on 401 (default true). */
  auth?: boolean;
}

export class ApiError extends Error {
  readonly status: number;
  /** The answer's `detail`: a string, or FastAPI's list of field errors. */
  readonly detail: unknown;

  constructor(status: number, message: string, detail?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.detail = detail;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

const FALLBACK: Record<number, string> = {
  0: '网络连接失败, 请检查网络后重试',
  400: '请求有误',
  401: '登录已过期, 请重新登录',
  403: '当前角色无权执行该操作',
  404: '记录不存在或不在管辖范围内',
  409: '记录已被他人修改, 请刷新后重试',
  413: '提交的内容过大',
  422: '录入的信息有误, 请检查',
  429: '操作过于频繁, 请稍后再试',
};

/** The message to show for an answer: the server's words when it has some. */
export function errorMessage(status: number, detail: unknown): string {
  const own = detailMessage(detail);
  if (own) return own;
  if (FALLBACK[status]) return FALLBACK[status];
  if (status >= 500) return `服务暂时不可用, 请稍后再试 (${status})`;
  return `请求失败 (${status})`;
}

/** Anything thrown, as one line for a message or an Alert. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error && error.message) return error.message;
  return '操作失败, 请重试';
}

type AuthLostHandler = () => void;
let onAuthLost: AuthLostHandler | null = null;

/** Called (once per loss) when the session cannot be renewed: the app goes to /login. */
export function setAuthLostHandler(handler: AuthLostHandler | null): void {
  onAuthLost = handler;
}

export function buildUrl(path: string, query?: Record<string, QueryValue>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    params.append(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

async function readBody(response: Response): Promise<unknown> {
  if (response.status === 204) return undefined;
  const type = response.headers.get('content-type') ?? '';
  const text = await response.text();
  if (!text) return undefined;
  if (type.includes('json')) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

function detailOf(body: unknown): unknown {
  if (body && typeof body === 'object' && 'detail' in body) {
    return (body as { detail: unknown }).detail;
  }
  return undefined;
}

async function send(path: string, options: RequestOptions, token: string | null): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  let body: BodyInit | undefined;
  if (options.form) {
    body = new URLSearchParams(options.form);
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
  } else if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['Content-Type'] = 'application/json';
  }
  if (token) headers.Authorization = `Bearer ${token}`;
  try {
    return await fetch(buildUrl(path, options.query), {
      method: options.method ?? (body ? 'POST' : 'GET'),
      headers,
      body,
      signal: options.signal,
      credentials: 'same-origin',
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, FALLBACK[0]);
  }
}

let renewing: Promise<boolean> | null = null;

/** One renewal at a time: calls that meet a 401 together wait for the same one. */
export function renewSession(): Promise<boolean> {
  if (!renewing) {
    renewing = (async () => {
      const tokens = loadTokens();
      if (!tokens) return false;
      try {
        const response = await send(
          '/api/auth/refresh',
          { method: 'POST', form: { refresh_token: tokens.refresh_token } },
          null,
        );
        if (!response.ok) return false;
        saveTokens(tokensFrom((await readBody(response)) as TokenAnswer));
        return true;
      } catch {
        return false;
      }
    })().finally(() => {
      renewing = null;
    });
  }
  return renewing;
}

function sessionLost(): void {
  clearTokens();
  onAuthLost?.();
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const auth = options.auth ?? true;
  let response = await send(path, options, auth ? (loadTokens()?.access_token ?? null) : null);
  if (auth && response.status === 401) {
    if (loadTokens() && (await renewSession())) {
      response = await send(path, options, loadTokens()?.access_token ?? null);
    }
    if (response.status === 401) {
      sessionLost();
      const detail = detailOf(await readBody(response));
      throw new ApiError(401, FALLBACK[401], detail);
    }
  }
  const body = await readBody(response);
  if (!response.ok) {
    const detail = detailOf(body);
    throw new ApiError(response.status, errorMessage(response.status, detail), detail);
  }
  return body as T;
}

/**
 * fetch() with the session's token and the same one renewal on 401, for what `api` does not
 * read as JSON: uploads, downloads and the live feed's stream. A session that cannot be
 * renewed ends as with `api`.
 */
export async function authorizedFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const attempt = async (): Promise<Response> => {
    const headers = new Headers(init.headers);
    const token = loadTokens()?.access_token;
    if (token) headers.set('Authorization', `Bearer ${token}`);
    try {
      return await fetch(path, { ...init, headers, credentials: 'same-origin' });
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') throw error;
      throw new ApiError(0, FALLBACK[0]);
    }
  };
  let response = await attempt();
  if (response.status === 401 && loadTokens() && (await renewSession())) {
    response = await attempt();
  }
  if (response.status === 401) sessionLost();
  return response;
}

/** An answer that is not ok, as an ApiError with the server's `detail`. */
export async function failureOf(response: Response): Promise<ApiError> {
  const detail = detailOf(await readBody(response).catch(() => undefined));
  return new ApiError(response.status, errorMessage(response.status, detail), detail);
}
