import { describe, expect, it } from 'vitest';
import { homePath, mayOpen, mayWriteResidences, pagesFor } from './access';

describe('pages by role', () => {
  it('offices see the desk and search; stations and communities the to-do list too', () => {
    expect(pagesFor('admin')).toEqual(['desk', 'search', 'todo']);
    expect(pagesFor('station')).toEqual(['desk', 'search', 'todo']);
    expect(pagesFor('community')).toEqual(['desk', 'search', 'todo']);
    expect(pagesFor('compound')).toEqual(['desk', 'search']);
    expect(pagesFor('coordinator')).toEqual(['desk']);
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
