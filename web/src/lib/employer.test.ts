import { describe, expect, it } from 'vitest';
import {
  buildEmployerBody,
  creditCodeProblem,
  isCreditCode,
  mayAssignCoordinator,
  normalizeCreditCode,
  personLookup,
  PHONE_PATTERN,
} from './employer';

describe('isCreditCode', () => {
  it('takes a code whose check character is right', () => {
    expect(isCreditCode('91110000600037341L')).toBe(true);
    expect(isCreditCode('91350100M000100Y43')).toBe(true);
  });

  it('refuses a wrong check character, a wrong length or letters the code never uses', () => {
    expect(isCreditCode('91110000600037341X')).toBe(false);
    expect(isCreditCode('91110000600037341')).toBe(false);
    expect(isCreditCode('9111000060003734IL')).toBe(false);
  });

  it('says why a typed code is wrong, and nothing of a code left blank', () => {
    expect(creditCodeProblem('91110000600037341X')).toMatch(/统一社会信用代码有误/);
    expect(creditCodeProblem('  ')).toBeNull();
    expect(creditCodeProblem('91110000600037341l')).toBeNull();
  });

  it('reads a code typed in lower case with spaces once normalized', () => {
    expect(isCreditCode(normalizeCreditCode(' 9111 0000 6000 3734 1l '))).toBe(true);
  });
});

describe('PHONE_PATTERN', () => {
  it('is the shape the API takes', () => {
    expect(PHONE_PATTERN.test('0931-8888888')).toBe(true);
    expect(PHONE_PATTERN.test('+86 139 0000 0001')).toBe(true);
    expect(PHONE_PATTERN.test('电话')).toBe(false);
    expect(PHONE_PATTERN.test('123')).toBe(false);
  });
});

describe('buildEmployerBody', () => {
  it('registers at the last place picked, trims, and sends blanks as null', () => {
    expect(
      buildEmployerBody({
        name: ' 城关食品厂 ',
        credit_code: '91110000600037341l',
        place_path: ['community-1', 'compound-1'],
        address: '  ',
        contact_person: ' 吴厂长',
      }),
    ).toEqual({
      name: '城关食品厂',
      credit_code: '91110000600037341L',
      place_id: 'compound-1',
      address: null,
      contact_person: '吴厂长',
      phone: null,
    });
  });
});

describe('mayAssignCoordinator', () => {
  it('lets the offices managing coordinators assign one, not a compound or a coordinator', () => {
    expect(['admin', 'station', 'community'].every(mayAssignCoordinator)).toBe(true);
    expect(mayAssignCoordinator('compound')).toBe(false);
    expect(mayAssignCoordinator('coordinator')).toBe(false);
  });
});

describe('personLookup', () => {
  it('looks a full ID number up as one, whatever its spacing and case', () => {
    expect(personLookup(' 11010519491231002x ')).toEqual({ id_number: '11010519491231002X' });
    expect(personLookup('110105 491231 002')).toEqual({ id_number: '110105491231002' });
  });

  it('looks anything else up as a name (or its pinyin), and nothing as nothing', () => {
    expect(personLookup(' 郑工人 ')).toEqual({ name: '郑工人' });
    expect(personLookup('zgr')).toEqual({ name: 'zgr' });
    expect(personLookup('1101051949')).toEqual({ name: '1101051949' });
    expect(personLookup('  ')).toBeNull();
  });
});
