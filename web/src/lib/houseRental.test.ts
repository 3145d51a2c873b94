import { describe, expect, it } from 'vitest';
import type { Rental } from '../api/units';
import {
  buildRentalBody,
  defaultEndDay,
  isRentalField,
  mayEnd,
  rentalState,
  rentalStateText,
  termProblem,
} from './houseRental';

const TODAY = '2026-06-15';

function rental(over: Partial<Rental>): Rental {
  return {
    rental_id: 'r1',
    tenants: [{ name: '钱租客' }],
    start_date: '2026-01-01',
    end_date: '2026-12-31',
    monthly_rent: '1800.00',
    filed_by: 'clerk',
    filed_at: '2026-01-01T00:00:00Z',
    ended_on: null,
    end_reason: null,
    current: true,
    days_to_expiry: 199,
    ...over,
  };
}

describe('buildRentalBody', () => {
  it('sends each tenant trimmed, numbers normalised, the rent with two decimals', () => {
    const body = buildRentalBody({
      tenants: [
        { name: ' 钱租客 ', id_number: '11010519491231002x', phone: ' 13600002222 ' },
        { name: '孙租客', id_number: '', phone: '' },
      ],
      start_date: '2026-01-01',
      end_date: '2026-12-31',
      monthly_rent: 1800,
    });
    expect(body).toEqual({
      tenants: [
        { name: '钱租客', id_number: '11010519491231002X', phone: '13600002222' },
        { name: '孙租客' },
      ],
      start_date: '2026-01-01',
      end_date: '2026-12-31',
      monthly_rent: '1800.00',
    });
  });
});

describe('termProblem', () => {
  it('refuses a term that ends on or before its start', () => {
    expect(termProblem('2026-01-01', '2026-01-01')).toMatch('晚于');
    expect(termProblem('2026-01-02', '2026-01-01')).toMatch('晚于');
    expect(termProblem('2026-01-01', '2026-01-02')).toBeNull();
    expect(termProblem('2026-01-01', null)).toBeNull();
  });
});

describe('rentalState', () => {
  it('reads a filing in force, expiring, not yet begun, past its term or ended early', () => {
    expect(rentalState(rental({}), TODAY)).toBe('current');
    expect(rentalState(rental({ days_to_expiry: 30 }), TODAY)).toBe('expiring');
    expect(rentalStateText(rental({ days_to_expiry: 20 }), TODAY)).toBe('即将到期 (剩 20 天)');
    expect(
      rentalState(rental({ current: false, start_date: '2026-07-01', days_to_expiry: 300 }), TODAY),
    ).toBe('pending');
    expect(
      rentalState(rental({ current: false, end_date: '2026-05-31', days_to_expiry: -15 }), TODAY),
    ).toBe('expired');
    expect(rentalState(rental({ current: false, ended_on: '2026-03-01' }), TODAY)).toBe('ended');
  });

  it('says when a filing in force is to end early', () => {
    expect(rentalStateText(rental({ ended_on: '2026-08-01' }), TODAY)).toBe(
      '有效 (2026-08-01 提前终止)',
    );
  });
});

describe('ending a filing early', () => {
  it('is offered while the term runs and it was not ended', () => {
    expect(mayEnd(rental({}), TODAY)).toBe(true);
    expect(mayEnd(rental({ ended_on: '2026-03-01' }), TODAY)).toBe(false);
    expect(mayEnd(rental({ end_date: '2026-06-14' }), TODAY)).toBe(false);
  });

  it('defaults to today, kept within the term', () => {
    expect(defaultEndDay(rental({}), TODAY)).toBe(TODAY);
    expect(defaultEndDay(rental({ start_date: '2026-07-01' }), TODAY)).toBe('2026-07-01');
  });
});

describe('isRentalField', () => {
  it('knows the listed tenants only', () => {
    expect(isRentalField(['end_date'], 1)).toBe(true);
    expect(isRentalField(['tenants', 0, 'id_number'], 1)).toBe(true);
    expect(isRentalField(['tenants', 1, 'id_number'], 1)).toBe(false);
    expect(isRentalField(['house_id'], 1)).toBe(false);
  });
});
