/** 用户管理: which roles a user may give (as policy.py's may_grant), and the form's body. */

import type { Department } from './housingLabels';
import type { Role } from './labels';

const RANK: Record<Role, number> = {
  admin: 5,
  station: 4,
  community: 3,
  department: 3,
  compound: 2,
  coordinator: 1,
  resident: 0,
};

const ORDER: readonly Role[] = [
  'admin',
  'station',
  'community',
  'compound',
  'coordinator',
  'department',
  'resident',
];

/** Roles weaker than one's own (an administrator gives any, administrators included). */
export function grantableRoles(own: string): Role[] {
  if (own === 'admin') return [...ORDER];
  const rank = RANK[own as Role] ?? -1;
  return ORDER.filter((role) => RANK[role] < rank);
}

/** Only an administrator's users may have no scope (the whole deployment). */
export function needsScope(role: string | undefined): boolean {
  return role !== 'admin';
}

export interface UserFormValues {
  username?: string;
  password?: string;
  role?: Role;
  scope?: string[];
  department?: Department;
}

export interface UserCreateBody {
  username: string;
  password: string;
  role: Role;
  scope_place_id: string | null;
  department?: Department;
}

/** The scope is the last place picked; a department only for the department role. */
export function userCreateBody(values: UserFormValues): UserCreateBody {
  const role = values.role as Role;
  const body: UserCreateBody = {
    username: (values.username ?? '').trim(),
    password: values.password ?? '',
    role,
    scope_place_id: values.scope?.length ? values.scope[values.scope.length - 1] : null,
  };
  if (role === 'department' && values.department) body.department = values.department;
  return body;
}
