/**
 * Companies as the housing register takes them (employers, a compound's developer, builder
 * and property company): the unified social credit code and the phone the API accepts.
 */

import type { EmployerCreate } from '../api/employers';

/** The API's phone shape (common.py Phone). */
export const PHONE_PATTERN = /^[\d\-+ ]{5,20}$/;
export const PHONE_MESSAGE = '电话只能由数字、空格、“-”和“+”组成 (5–20位)';

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** Upper case and no spaces, as codes are typed from a licence. */
export function normalizeCreditCode(code: string): string {
  return code.replace(/\s+/g, '').toUpperCase();
}

/** A well-formed 统一社会信用代码 (GB 32100-2015: 18 characters, check character last). */
export function isCreditCode(code: string): boolean {
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(code)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += USCC_CHARS.indexOf(code[i]) * USCC_WEIGHTS[i];
  return USCC_CHARS[(31 - (sum % 31)) % 31] === code[17];
}

/** What is wrong with a typed credit code (none typed is fine: the code is optional). */
export function creditCodeProblem(value: string | null | undefined): string | null {
  if (!value || !value.trim() || isCreditCode(normalizeCreditCode(value))) return null;
  return '统一社会信用代码有误 (18位, 请核对营业执照)';
}

/** The form rule (antd's validator shape) for a credit code field. */
export const creditCodeRule = {
  validator: async (_: unknown, value: unknown) => {
    const problem = creditCodeProblem(typeof value === 'string' ? value : null);
    if (problem) throw new Error(problem);
  },
};

/** An optional text field: trimmed, and null when nothing is left. */
export function blankToNull(value: string | null | undefined): string | null {
  const trimmed = (value ?? '').trim();
  return trimmed ? trimmed : null;
}

export interface EmployerFormValues {
  name?: string;
  credit_code?: string;
  place_path?: string[];
  address?: string;
  contact_person?: string;
  phone?: string;
}

/** The register call's body: the place is the last step picked, blanks are left out. */
export function buildEmployerBody(values: EmployerFormValues): EmployerCreate {
  const path = values.place_path ?? [];
  const code = blankToNull(values.credit_code);
  return {
    name: (values.name ?? '').trim(),
    credit_code: code ? normalizeCreditCode(code) : null,
    place_id: path[path.length - 1] ?? '',
    address: blankToNull(values.address),
    contact_person: blankToNull(values.contact_person),
    phone: blankToNull(values.phone),
  };
}

/** Who may assign an employer's coordinator (policy.py "coordinator.manage"). */
export function mayAssignCoordinator(role: string): boolean {
  return ['admin', 'station', 'community'].includes(role);
}

/** A full ID number (15 or 18 characters) is looked up as such; anything else as a name. */
export function personLookup(text: string): { id_number: string } | { name: string } | null {
  const typed = text.trim();
  if (!typed) return null;
  const compact = typed.replace(/\s+/g, '').toUpperCase();
  if (/^(\d{15}|\d{17}[\dX])$/.test(compact)) return { id_number: compact };
  return { name: typed };
}
