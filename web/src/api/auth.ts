/** /api/auth and /api/users/me: log in, log out, who am I. */

import type { Role } from '../lib/labels';
import { api } from './client';
import { clearTokens, saveTokens, tokensFrom, type TokenAnswer } from './tokens';

export interface CurrentUser {
  id: string;
  username: string;
  role: Role;
  scope_place_id: string | null;
  disabled: boolean;
  department: string | null;
}

export async function login(username: string, password: string): Promise<void> {
  const answer = await api<TokenAnswer>('/api/auth/token', {
    method: 'POST',
    form: { username, password },
    auth: false,
  });
  saveTokens(tokensFrom(answer));
}

export async function logout(): Promise<void> {
  try {
    await api<void>('/api/auth/logout', { method: 'POST' });
  } finally {
    clearTokens();
  }
}

export function fetchMe(signal?: AbortSignal): Promise<CurrentUser> {
  return api<CurrentUser>('/api/users/me', { signal });
}
