import { describe, expect, it } from 'vitest';
import { maskIdNumber, maskPhone } from './mask';

describe('masks', () => {
  it('shows the first 6 and last 4 of an ID number', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
    expect(maskIdNumber('E1234567')).toBe('********');
    expect(maskIdNumber(null)).toBe('');
  });

  it('shows the first 3 and last 4 of a phone number', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('12345')).toBe('*****');
    expect(maskPhone(undefined)).toBe('');
  });
});
