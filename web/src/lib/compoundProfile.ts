/**
 * The five-in-one form (五位一体) and the body it sends: each of the three companies is
 * optional, and one the clerk left blank is sent as null (which removes it); so is the
 * compound's location, sent only with both its numbers.
 */

import type { Company, CompoundProfile, Location, ProfileBody } from '../api/compounds';
import { blankToNull, normalizeCreditCode } from './employer';

export const PARTIES = [
  { key: 'developer', title: '开发商' },
  { key: 'builder', title: '建筑商' },
  { key: 'property_company', title: '物业公司' },
] as const;

export type PartyKey = (typeof PARTIES)[number]['key'];

export interface CompanyFormValues {
  name?: string;
  credit_code?: string;
  contact_person?: string;
  phone?: string;
}

export interface LocationFormValues {
  lng?: number | null;
  lat?: number | null;
}

export type ProfileFormValues = Partial<Record<PartyKey, CompanyFormValues>> & {
  location?: LocationFormValues;
};

function companyToForm(company: Company | null): CompanyFormValues {
  return {
    name: company?.name ?? '',
    credit_code: company?.credit_code ?? '',
    contact_person: company?.contact_person ?? '',
    phone: company?.phone ?? '',
  };
}

export function profileToForm(profile: CompoundProfile): ProfileFormValues {
  const parties = Object.fromEntries(PARTIES.map(({ key }) => [key, companyToForm(profile[key])]));
  return {
    ...(parties as ProfileFormValues),
    location: { lng: profile.location?.lng ?? null, lat: profile.location?.lat ?? null },
  };
}

function buildLocation(values: LocationFormValues | undefined): Location | null {
  const { lng, lat } = values ?? {};
  return typeof lng === 'number' && typeof lat === 'number' ? { lng, lat } : null;
}

/** A company with nothing filled in is none at all. */
export function isBlankCompany(values: CompanyFormValues | undefined): boolean {
  return !Object.values(values ?? {}).some((v) => typeof v === 'string' && v.trim());
}

function buildCompany(values: CompanyFormValues | undefined): Company | null {
  if (isBlankCompany(values)) return null;
  const code = blankToNull(values?.credit_code);
  return {
    name: (values?.name ?? '').trim(),
    credit_code: code ? normalizeCreditCode(code) : null,
    contact_person: blankToNull(values?.contact_person),
    phone: blankToNull(values?.phone),
  };
}

export function buildProfileBody(values: ProfileFormValues): ProfileBody {
  return {
    developer: buildCompany(values.developer),
    builder: buildCompany(values.builder),
    property_company: buildCompany(values.property_company),
    location: buildLocation(values.location),
  };
}
