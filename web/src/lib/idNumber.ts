/**
 * Resident ID numbers (公民身份号码, GB 11643): 18 characters, the 17th digit's parity
 * the sex (odd male "1", even female "2"), digits 7–14 the birth date, the last the
 * ISO 7064 MOD 11-2 check character (0–9 or X).
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

export type Sex = '1' | '2';

export interface IdNumberInfo {
  /** The number upper-cased, without spaces. */
  number: string;
  /** Eighteen characters of the right shape (17 digits and a digit or X). */
  complete: boolean;
  /** The check character the first 17 digits call for (null unless complete). */
  expectedCheck: string | null;
  checkDigitOk: boolean;
  /** ISO date "YYYY-MM-DD", when digits 7–14 are a real date. */
  birthDate: string | null;
  sex: Sex | null;
  /** Warnings to show beside the field (not blocking: the server decides). */
  warnings: string[];
}

export function normaliseIdNumber(raw: string): string {
  return raw.replace(/[\s-]/g, '').toUpperCase();
}

/** The ISO 7064 MOD 11-2 check character of 17 digits. */
export function checkCharacter(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error('17 digits expected');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

export function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

export function parseIdNumber(raw: string, today: Date = new Date()): IdNumberInfo {
  const number = normaliseIdNumber(raw);
  const info: IdNumberInfo = {
    number,
    complete: false,
    expectedCheck: null,
    checkDigitOk: false,
    birthDate: null,
    sex: null,
    warnings: [],
  };
  if (!/^\d{17}[\dX]$/.test(number)) {
    if (number.length === 18) info.warnings.push('公民身份号码应为18位, 前17位为数字');
    return info;
  }
  info.complete = true;
  info.expectedCheck = checkCharacter(number.slice(0, 17));
  info.checkDigitOk = info.expectedCheck === number[17];
  if (!info.checkDigitOk) info.warnings.push('公民身份号码校验位错误, 请核对');

  const year = Number(number.slice(6, 10));
  const month = Number(number.slice(10, 12));
  const day = Number(number.slice(12, 14));
  const todayIso = isoDate(today);
  if (isRealDate(year, month, day) && year >= 1890) {
    const birth = `${number.slice(6, 10)}-${number.slice(10, 12)}-${number.slice(12, 14)}`;
    if (birth <= todayIso) info.birthDate = birth;
  }
  if (!info.birthDate) info.warnings.push('公民身份号码中的出生日期无效');
  info.sex = Number(number[16]) % 2 === 1 ? '1' : '2';
  return info;
}

function isoDate(d: Date): string {
  const y = String(d.getFullYear()).padStart(4, '0');
  const m = String(d.getMonth() + 1).padStart(2, '0');
  const day = String(d.getDate()).padStart(2, '0');
  return `${y}-${m}-${day}`;
}

/** The document kind an 18-digit number is, as the registry tells it. */
export function documentKind(number: string): 'resident' | 'hmt_permit' | 'foreign_pr' {
  if (/^8[123]0000/.test(number)) return 'hmt_permit';
  return number.startsWith('9') ? 'foreign_pr' : 'resident';
}
