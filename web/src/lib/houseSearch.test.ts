import { describe, expect, it } from 'vitest';
import { paramsToSearch, searchToParams, toHouseQuery, type HouseSearch } from './houseSearch';

const SEARCH: HouseSearch = {
  filters: {
    place_path: ['community', 'compound'],
    archive_no: ' FW- ',
    owner: '赵',
    owner_id_number: '11010519491231002x',
    address: '',
    use: 'rented',
    status: 'cancelled',
    over_capacity: true,
  },
  page: 2,
  pageSize: 50,
};

describe('toHouseQuery', () => {
  it('asks for the place picked last and each filter given', () => {
    expect(toHouseQuery(SEARCH)).toEqual({
      place_id: 'compound',
      archive_no: 'FW-',
      owner: '赵',
      owner_id_number: '11010519491231002X',
      agent: undefined,
      address: undefined,
      use: 'rented',
      cancelled: true,
      over_capacity: true,
      coordinator_id: undefined,
      page: 2,
      page_size: 50,
    });
  });

  it('asks for every house, cancelled or not, by default', () => {
    expect(toHouseQuery({ filters: {}, page: 1, pageSize: 20 }).cancelled).toBeUndefined();
    expect(
      toHouseQuery({ filters: { status: 'active' }, page: 1, pageSize: 20 }).cancelled,
    ).toBe(false);
  });
});

describe('the address bar', () => {
  it('keeps a search to come back to, but never the owner ID number', () => {
    const params = searchToParams(SEARCH);
    expect(params.toString()).not.toContain('11010519');
    const back = paramsToSearch(params);
    expect(back).toEqual({
      filters: {
        place_path: ['community', 'compound'],
        archive_no: 'FW-',
        owner: '赵',
        use: 'rented',
        status: 'cancelled',
        over_capacity: true,
      },
      page: 2,
      pageSize: 50,
    });
  });

  it('ignores what it cannot mean', () => {
    const back = paramsToSearch(new URLSearchParams('use=castle&page=-3&size=7&status=x'));
    expect(back).toEqual({ filters: {}, page: 1, pageSize: 20 });
  });
});
