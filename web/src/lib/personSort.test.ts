import { describe, expect, it } from 'vitest';
import { sortOrderOf, toSortParam } from './personSort';

describe('person search sorting', () => {
  it('maps column sorters to the server\'s sorts', () => {
    expect(toSortParam('name', 'ascend')).toBe('name');
    expect(toSortParam('arrival_date', 'ascend')).toBe('arrival_date');
    expect(toSortParam('arrival_date', 'descend')).toBe('-arrival_date');
    expect(toSortParam('departure_date', 'descend')).toBe('-departure_date');
    expect(toSortParam(undefined, null)).toBe('-arrival_date');
    expect(toSortParam('status', 'ascend')).toBe('-arrival_date');
  });

  it('shows the sort on its column only', () => {
    expect(sortOrderOf('-arrival_date', 'arrival_date')).toBe('descend');
    expect(sortOrderOf('-arrival_date', 'name')).toBeNull();
    expect(sortOrderOf('name', 'name')).toBe('ascend');
    expect(sortOrderOf('-departure_date', 'departure_date')).toBe('descend');
  });
});
