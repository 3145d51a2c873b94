import { describe, expect, it } from 'vitest';
import { checkCharacter, documentKind, isRealDate, normaliseIdNumber, parseIdNumber } from './idNumber';

const TODAY = new Date(2026, 10, 27);

describe('checkCharacter (ISO 7064 MOD 11-2)', () => {
  it('gives the check character of known numbers', () => {
    expect(checkCharacter('11010519491231002')).toBe('X');
    expect(checkCharacter('44030419851201123')).toBe('0');
    expect(checkCharacter('62020119850624372')).toBe('0');
  });

  it('refuses anything but 17 digits', () => {
    expect(() => checkCharacter('1234')).toThrow();
    expect(() => checkCharacter('1101051949123100X')).toThrow();
  });
});

describe('parseIdNumber', () => {
  it('reads sex and birth date from a valid number (even 17th digit: female)', () => {
    const info = parseIdNumber('11010519491231002X', TODAY);
    expect(info).toMatchObject({
      number: '11010519491231002X',
      complete: true,
      checkDigitOk: true,
      birthDate: '1949-12-31',
      sex: '2',
      warnings: [],
    });
  });

  it('odd 17th digit: male', () => {
    const info = parseIdNumber('440304198512011230', TODAY);
    expect(info.sex).toBe('1');
    expect(info.birthDate).toBe('1985-12-01');
    expect(info.checkDigitOk).toBe(true);
  });

  it('accepts a lower-case x and spaces', () => {
    const info = parseIdNumber('110105 19491231 002x', TODAY);
    expect(info.number).toBe('11010519491231002X');
    expect(info.checkDigitOk).toBe(true);
  });

  it('warns on a wrong check digit, still filling sex and birth date', () => {
    const info = parseIdNumber('110105194912310021', TODAY);
    expect(info.complete).toBe(true);
    expect(info.checkDigitOk).toBe(false);
    expect(info.expectedCheck).toBe('X');
    expect(info.warnings).toContain('公民身份号码校验位错误, 请核对');
    expect(info.sex).toBe('2');
    expect(info.birthDate).toBe('1949-12-31');
  });

  it('warns on an impossible birth date', () => {
    const body = '11010519490231002'; // 31 February
    const info = parseIdNumber(body + checkCharacter(body), TODAY);
    expect(info.birthDate).toBeNull();
    expect(info.warnings).toContain('公民身份号码中的出生日期无效');
  });

  it('warns on a birth date after today', () => {
    const body = '11010520300101002';
    const info = parseIdNumber(body + checkCharacter(body), TODAY);
    expect(info.birthDate).toBeNull();
  });

  it('is incomplete while typing', () => {
    const info = parseIdNumber('1101051949', TODAY);
    expect(info.complete).toBe(false);
    expect(info.sex).toBeNull();
    expect(info.warnings).toEqual([]);
  });

  it('flags 18 characters of the wrong shape', () => {
    const info = parseIdNumber('11010519491231A02X', TODAY);
    expect(info.complete).toBe(false);
    expect(info.warnings).toEqual(['公民身份号码应为18位, 前17位为数字']);
  });
});

describe('helpers', () => {
  it('normalises', () => {
    expect(normaliseIdNumber(' 1101-0519 x ')).toBe('11010519X');
  });

  it('knows real dates', () => {
    expect(isRealDate(2024, 2, 29)).toBe(true);
    expect(isRealDate(2023, 2, 29)).toBe(false);
    expect(isRealDate(2023, 13, 1)).toBe(false);
  });

  it('tells the document kind from the number', () => {
    expect(documentKind('11010519491231002X')).toBe('resident');
    expect(documentKind('810000199001010000')).toBe('hmt_permit');
    expect(documentKind('933000199001010000')).toBe('foreign_pr');
  });
});
