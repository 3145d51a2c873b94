import { describe, expect, it } from 'vitest';
import { homePath, landingPath, mayOpen, mayWriteResidences, menuFor, pagesFor, pageOfPath } from './access';

describe('pages by role', () => {
  it('offices see people, houses and statistics; stations and communities the to-do list too', () => {
    const people = ['desk', 'search', 'declarations', 'imports'];
    const figures = ['stats', 'bigscreen'];
    expect(pagesFor('admin')).toEqual([
      ...people,
      'houses',
      'compounds',
      'coordinators',
      'employers',
      'notices',
      ...figures,
      'todo',
      'users',
      'audit',
    ]);
    expect(pagesFor('station')).toEqual(pagesFor('admin'));
    expect(pagesFor('community')).toEqual([
      ...people,
      'houses',
      'compounds',
      'coordinators',
      'employers',
      'notices',
      ...figures,
      'todo',
      'users',
    ]);
    expect(pagesFor('compound')).toEqual([
      ...people,
      'houses',
      'compounds',
      'employers',
      'notices',
      ...figures,
      'users',
    ]);
    // A coordinator may not check anyone in (policy: residence.write is the offices').
    expect(pagesFor('coordinator')).toEqual(['houses', 'employers', 'notices']);
    expect(pagesFor('resident')).toEqual(['selfDeclaration']);
    expect(pagesFor('department')).toEqual(['notices']);
  });

  it('groups the menu and leaves out groups a role has nothing in', () => {
    expect(menuFor('coordinator')).toEqual([
      { title: '房屋管理', pages: ['houses', 'employers', 'notices'] },
    ]);
    expect(menuFor('compound').map((group) => group.title)).toEqual([
      '人口管理',
      '房屋管理',
      '统计分析',
      '系统管理',
    ]);
  });

  it('lands each role on its first page', () => {
    expect(homePath('compound')).toBe('/desk');
    expect(homePath('coordinator')).toBe('/houses');
    expect(homePath('resident')).toBe('/my-declarations');
    expect(mayOpen('compound', 'todo')).toBe(false);
    expect(mayOpen('community', 'audit')).toBe(false);
    expect(mayWriteResidences('coordinator')).toBe(false);
    expect(mayWriteResidences('compound')).toBe(true);
  });
});

describe('after logging in', () => {
  it('goes back where the session ended when the new user may open it', () => {
    expect(landingPath('compound', '/search?person=1')).toBe('/search?person=1');
    expect(pageOfPath('/units/abc')).toBe('houses');
    expect(landingPath('coordinator', '/units/abc')).toBe('/units/abc');
  });

  it("goes to the user's own first page when the last user's page is not theirs", () => {
    expect(landingPath('resident', '/declarations')).toBe('/my-declarations');
    expect(landingPath('coordinator', '/desk')).toBe('/houses');
    expect(landingPath('station', null)).toBe('/desk');
  });
});
