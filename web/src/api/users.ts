/** /api/users (gateway): the users a user manages, and passwords. */

import type { Department } from '../lib/housingLabels';
import type { Role } from '../lib/labels';
import type { UserCreateBody } from '../lib/users';
import { api } from './client';

export interface UserAccount {
  id: string;
  username: string;
  role: Role;
  scope_place_id: string | null;
  disabled: boolean;
  department: Department | null;
}

export interface UserUpdate {
  role?: Role;
  scope_place_id?: string | null;
  disabled?: boolean;
  department?: Department | null;
}

export function listUsers(signal?: AbortSignal): Promise<{ items: UserAccount[]; total: number }> {
  return api('/api/users', { signal });
}

export function createUser(body: UserCreateBody): Promise<UserAccount> {
  return api('/api/users', { method: 'POST', json: body });
}

export function updateUser(id: string, body: UserUpdate): Promise<UserAccount> {
  return api(`/api/users/${encodeURIComponent(id)}`, { method: 'PATCH', json: body });
}

export function resetPassword(id: string, newPassword: string): Promise<void> {
  return api(`/api/users/${encodeURIComponent(id)}/password`, {
    method: 'POST',
    json: { new_password: newPassword },
  });
}

export function changeOwnPassword(currentPassword: string, newPassword: string): Promise<void> {
  return api('/api/users/me/password', {
    method: 'POST',
    json: { current_password: currentPassword, new_password: newPassword },
  });
}
