import { describe, expect, it } from 'vitest';
import { grantableRoles, needsScope, userCreateBody } from './users';

describe('users a user may create', () => {
  it('gives only weaker roles, except to an administrator', () => {
    expect(grantableRoles('admin')).toContain('admin');
    expect(grantableRoles('station')).toEqual(['community', 'compound', 'coordinator', 'department', 'resident']);
    expect(grantableRoles('community')).toEqual(['compound', 'coordinator', 'resident']);
    expect(grantableRoles('compound')).toEqual(['coordinator', 'resident']);
    expect(grantableRoles('resident')).toEqual([]);
  });

  it('asks a scope of everyone but an administrator', () => {
    expect(needsScope('admin')).toBe(false);
    expect(needsScope('compound')).toBe(true);
  });

  it('takes the last place picked as the scope, and the department only for its role', () => {
    expect(
      userCreateBody({
        username: ' desk1 ',
        password: 'pw',
        role: 'compound',
        scope: ['c1', 'x2'],
        department: 'fire',
      }),
    ).toEqual({ username: 'desk1', password: 'pw', role: 'compound', scope_place_id: 'x2' });
    expect(userCreateBody({ username: 'f', password: 'p', role: 'department', scope: ['s'], department: 'fire' }))
      .toMatchObject({ department: 'fire' });
    expect(userCreateBody({ username: 'a', password: 'p', role: 'admin' }).scope_place_id).toBeNull();
  });
});
