import { describe, expect, it } from 'vitest';
import { formatAddress, formatArea, formatParty, formatRent, occupancy } from './houseFormat';

describe('formatAddress', () => {
  it('runs street, door number and room on, then the everyday address', () => {
    expect(
      formatAddress({ street: '东关大街', door_no: '18号', room: '302', description: '菜场北侧' }),
    ).toBe('东关大街18号302 (菜场北侧)');
    expect(formatAddress({ street: '东关大街', door_no: '18号' })).toBe('东关大街18号');
    expect(formatAddress(null)).toBe('');
  });
});

describe('numbers', () => {
  it('writes an area and a monthly rent as clerks read them', () => {
    expect(formatArea('58.50')).toBe('58.5 m²');
    expect(formatArea(null)).toBe('');
    expect(formatRent('1800.00')).toBe('1,800.00 元');
    expect(formatRent(0)).toBe('0.00 元');
  });
});

describe('formatParty', () => {
  it('names a party with what the record has', () => {
    expect(
      formatParty({ kind: 'person', name: '赵房东', id_number: '110105****1234', phone: null }, true),
    ).toBe('赵房东 (个人) · 110105****1234');
    expect(formatParty(null)).toBe('');
  });
});

describe('occupancy', () => {
  it('counts residents against the capacity allowed', () => {
    expect(occupancy(3, 2)).toEqual({ text: '3 / 2 人', over: true });
    expect(occupancy(2, 2)).toEqual({ text: '2 / 2 人', over: false });
    expect(occupancy(4, null)).toEqual({ text: '4 人', over: false });
  });
});
