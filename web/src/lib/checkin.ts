/**
 * The check-in form (人口信息采集) and the body of `POST /api/residences` it becomes
 * (services/registry checkin_request.py: ResidenceCreate). The form holds the body's own
 * field paths (dates as "YYYY-MM-DD" strings) so that a 422's `loc` names a form field;
 * only the unit differs: the form holds its path in the place tree (`unit_path`).
 */

import type { IdType } from './labels';
import type { FieldPath } from './fieldErrors';
import { normaliseIdNumber, parseIdNumber } from './idNumber';

export type CaptureChannel = 'typed' | 'card' | 'self_declared' | 'imported';

export interface PersonFormValues {
  id_type?: IdType | null;
  id_number?: string;
  name?: string;
  sex?: string | null;
  ethnicity?: string | null;
  birth_date?: string | null;
  phone?: string;
  hukou_address?: string;
  hukou_type?: string | null;
  marital_status?: string | null;
  political_status?: string | null;
  education?: string | null;
  military_service?: string | null;
  nationality?: string | null;
}

export interface EmployerFormValues {
  name?: string;
  contact_person?: string;
  phone?: string;
  address?: string;
}

export interface EmploymentFormValues {
  has_local_employer?: boolean | null;
  occupation?: string;
  employer?: EmployerFormValues;
  years_worked?: number | null;
  labour_contract?: boolean | null;
  social_insurance?: boolean | null;
}

export interface MinorFormValues {
  name?: string;
  sex?: string | null;
  birth_date?: string | null;
  id_number?: string;
  relationship?: string;
  school_id?: string | null;
}

export interface CheckinFormValues {
  unit_path?: string[];
  arrival_date?: string | null;
  housing_type?: string | null;
  reason?: string | null;
  intended_stay_days?: number | null;
  applies_for_permit?: boolean | null;
  person?: PersonFormValues;
  employment?: EmploymentFormValues;
  minors?: MinorFormValues[];
}

export interface CaptureBody {
  channel: CaptureChannel;
  reader_id?: string | null;
  chip_serial?: string | null;
}

export interface PersonBody {
  id_number: string;
  name: string;
  sex: string;
  ethnicity: string;
  birth_date: string;
  phone?: string;
  hukou_address?: string;
  hukou_type?: string;
  marital_status?: string;
  political_status?: string;
  education?: string;
  military_service?: string;
  id_type?: IdType;
  nationality?: string;
}

export interface EmploymentBody {
  has_local_employer?: boolean;
  occupation?: string;
  employer?: { name: string; contact_person?: string; phone?: string; address?: string };
  years_worked?: number;
  labour_contract?: boolean;
  social_insurance?: boolean;
}

export interface MinorBody {
  name: string;
  sex: string;
  birth_date: string;
  id_number?: string;
  relationship?: string;
  school_id?: string;
}

export interface CheckinBody {
  unit_id: string;
  arrival_date: string;
  person: PersonBody;
  housing_type: string;
  reason: string;
  intended_stay_days?: number;
  applies_for_permit?: boolean;
  employment?: EmploymentBody;
  capture: CaptureBody;
  minors: MinorBody[];
}

/** A card read remembered for the form: the capture it gives while the number stays. */
export interface CardCapture {
  id_number: string;
  reader_id: string | null;
  chip_serial: string | null;
}

/** "card" with the reader while the form's number is still the card's; "typed" otherwise. */
export function captureFor(card: CardCapture | null, idNumber: string | undefined): CaptureBody {
  if (card && idNumber && normaliseIdNumber(idNumber) === normaliseIdNumber(card.id_number)) {
    return { channel: 'card', reader_id: card.reader_id, chip_serial: card.chip_serial };
  }
  return { channel: 'typed' };
}

function text(value: string | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  return trimmed ? trimmed : undefined;
}

function code(value: string | null | undefined): string | undefined {
  return text(value ?? undefined);
}

function flag(value: boolean | null | undefined): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined;
}

function count(value: number | null | undefined): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Drops the keys whose value is undefined (the server takes absent as "not given"). */
function compact<T extends object>(obj: T): T {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as T;
}

export function buildPerson(p: PersonFormValues = {}): PersonBody {
  const idType = p.id_type ?? undefined;
  const number = text(p.id_number);
  return compact<PersonBody>({
    id_number: number
      ? idType === 'passport'
        ? number.replace(/\s/g, '').toUpperCase()
        : normaliseIdNumber(number)
      : '',
    name: text(p.name) ?? '',
    sex: code(p.sex) ?? '',
    ethnicity: code(p.ethnicity) ?? '',
    birth_date: p.birth_date ?? '',
    phone: text(p.phone),
    hukou_address: text(p.hukou_address),
    hukou_type: code(p.hukou_type),
    marital_status: code(p.marital_status),
    political_status: code(p.political_status),
    education: code(p.education),
    military_service: code(p.military_service),
    id_type: idType,
    nationality:
      idType === 'passport' || idType === 'foreign_pr' ? code(p.nationality) : undefined,
  });
}

export function buildEmployment(e: EmploymentFormValues | undefined): EmploymentBody | undefined {
  if (!e) return undefined;
  const employer = e.employer ?? {};
  const employerBody = compact({
    name: text(employer.name),
    contact_person: text(employer.contact_person),
    phone: text(employer.phone),
    address: text(employer.address),
  });
  const hasEmployer = Object.keys(employerBody).length > 0;
  const body = compact<EmploymentBody>({
    has_local_employer: flag(e.has_local_employer),
    occupation: text(e.occupation),
    // An employer named by its contact or address only: the server names the missing name.
    employer: hasEmployer ? { ...employerBody, name: employerBody.name ?? '' } : undefined,
    years_worked: count(e.years_worked),
    labour_contract: flag(e.labour_contract),
    social_insurance: flag(e.social_insurance),
  });
  return Object.keys(body).length > 0 ? body : undefined;
}

export function buildMinor(m: MinorFormValues): MinorBody {
  return compact<MinorBody>({
    name: text(m.name) ?? '',
    sex: code(m.sex) ?? '',
    birth_date: m.birth_date ?? '',
    id_number: text(m.id_number) ? normaliseIdNumber(m.id_number ?? '') : undefined,
    relationship: text(m.relationship),
    school_id: code(m.school_id),
  });
}

export function buildCheckinBody(values: CheckinFormValues, capture: CaptureBody): CheckinBody {
  const path = values.unit_path ?? [];
  return compact<CheckinBody>({
    unit_id: path.length > 0 ? path[path.length - 1] : '',
    arrival_date: values.arrival_date ?? '',
    person: buildPerson(values.person),
    housing_type: code(values.housing_type) ?? '',
    reason: code(values.reason) ?? '',
    intended_stay_days: count(values.intended_stay_days),
    applies_for_permit: flag(values.applies_for_permit),
    employment: buildEmployment(values.employment),
    capture,
    minors: (values.minors ?? []).map(buildMinor),
  });
}

/** Where the body's `unit_id` sits on the form. */
export const CHECKIN_ALIASES: Record<string, FieldPath> = { unit_id: ['unit_path'] };

const TOP_FIELDS = new Set([
  'unit_path',
  'arrival_date',
  'housing_type',
  'reason',
  'intended_stay_days',
  'applies_for_permit',
]);
const PERSON_FIELDS = new Set([
  'id_type',
  'id_number',
  'name',
  'sex',
  'ethnicity',
  'birth_date',
  'phone',
  'hukou_address',
  'hukou_type',
  'marital_status',
  'political_status',
  'education',
  'military_service',
  'nationality',
]);
const EMPLOYMENT_FIELDS = new Set([
  'has_local_employer',
  'occupation',
  'years_worked',
  'labour_contract',
  'social_insurance',
]);
const EMPLOYER_FIELDS = new Set(['name', 'contact_person', 'phone', 'address']);
const MINOR_FIELDS = new Set([
  'name',
  'sex',
  'birth_date',
  'id_number',
  'relationship',
  'school_id',
]);

/**
 * Whether the check-in form shows a field at `path` (with `minorCount` minors listed and
 * the nationality field shown or not): the others' errors go to the Alert.
 */
export function isCheckinField(
  path: FieldPath,
  minorCount: number,
  nationalityShown = true,
): boolean {
  const [head, second, third, fourth] = path;
  if (path.length === 1) return typeof head === 'string' && TOP_FIELDS.has(head);
  if (head === 'person' && path.length === 2 && typeof second === 'string') {
    return second === 'nationality' ? nationalityShown : PERSON_FIELDS.has(second);
  }
  if (head === 'employment') {
    if (path.length === 2 && typeof second === 'string') return EMPLOYMENT_FIELDS.has(second);
    return (
      path.length === 3 && second === 'employer' && typeof third === 'string' && EMPLOYER_FIELDS.has(third)
    );
  }
  if (head === 'minors' && path.length === 3) {
    return (
      typeof second === 'number' &&
      second < minorCount &&
      typeof third === 'string' &&
      MINOR_FIELDS.has(third) &&
      fourth === undefined
    );
  }
  return false;
}

/**
 * What a typed ID number tells of its holder: the sex and birth date for the form to fill,
 * and whether it is whole and valid (worth looking the person up). Null for a passport or a
 * number not yet complete.
 */
export function fillFromIdNumber(
  raw: string | undefined,
  idType: string | null | undefined,
): { fill: PersonFormValues; number: string; valid: boolean } | null {
  if (idType === 'passport') return null;
  const info = parseIdNumber(raw ?? '');
  if (!info.complete) return null;
  const fill: PersonFormValues = {};
  if (info.sex) fill.sex = info.sex;
  if (info.birthDate) fill.birth_date = info.birthDate;
  return { fill, number: info.number, valid: info.checkDigitOk && Boolean(info.birthDate) };
}
