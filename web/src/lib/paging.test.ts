import { describe, expect, it } from 'vitest';
import { pageWithin } from './paging';

describe('pageWithin', () => {
  it('keeps a page that still has rows', () => {
    expect(pageWithin(1, 20, 0)).toBe(1);
    expect(pageWithin(2, 20, 21)).toBe(2);
    expect(pageWithin(3, 10, 25)).toBe(3);
  });

  it('goes back to the last page when the rows of the one shown are gone', () => {
    expect(pageWithin(3, 10, 20)).toBe(2);
    expect(pageWithin(2, 20, 20)).toBe(1);
    expect(pageWithin(5, 20, 0)).toBe(1);
  });
});
