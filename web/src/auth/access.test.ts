import { describe, expect, it } from 'vitest';
import { homePath, mayOpen, mayWriteResidences, pagesFor } from './access';

describe('pages by role', () => {
  it('offices see the desk, search, statistics, import and the big screen; stations and communities the to-do list too', () => {
    const offices = ['desk', 'search', 'stats', 'imports', 'bigscreen'];
    expect(pagesFor('admin')).toEqual(['desk', 'search', 'stats', 'imports', 'todo', 'bigscreen']);
    expect(pagesFor('station')).toEqual(['desk', 'search', 'stats', 'imports', 'todo', 'bigscreen']);
    expect(pagesFor('community')).toEqual(['desk', 'search', 'stats', 'imports', 'todo', 'bigscreen']);
    expect(pagesFor('compound')).toEqual(offices);
    // A coordinator may not check anyone in (policy: residence.write is the offices').
    expect(pagesFor('coordinator')).toEqual([]);
    expect(pagesFor('resident')).toEqual([]);
    expect(pagesFor('department')).toEqual([]);
  });

  it('lands each role on its first page', () => {
    expect(homePath('compound')).toBe('/desk');
    expect(homePath('resident')).toBe('/welcome');
    expect(mayOpen('compound', 'todo')).toBe(false);
    expect(mayWriteResidences('coordinator')).toBe(false);
    expect(mayWriteResidences('compound')).toBe(true);
  });
});
