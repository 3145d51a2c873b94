import type { PersonRecord } from '../../api/persons';
import type { PersonFormValues } from '../../lib/checkin';
import type { IdType } from '../../lib/labels';

const ID_TYPES: readonly string[] = ['resident', 'hmt_permit', 'foreign_pr', 'passport'];

/** A registered person's record as the desk's person fields. */
export function personToForm(record: PersonRecord): PersonFormValues {
  const d = record.details ?? {};
  return {
    id_type: record.id_type && ID_TYPES.includes(record.id_type) ? (record.id_type as IdType) : null,
    id_number: record.id_number,
    name: record.name,
    sex: record.sex,
    ethnicity: record.ethnicity,
    birth_date: record.birth_date,
    phone: record.phone ?? undefined,
    hukou_address: d.hukou_address ?? undefined,
    hukou_type: d.hukou_type ?? null,
    marital_status: d.marital_status ?? null,
    political_status: d.political_status ?? null,
    education: d.education ?? null,
    military_service: d.military_service ?? null,
    nationality: record.nationality ?? null,
  };
}
