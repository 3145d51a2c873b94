/**
 * 修改 (amendment) of a person's record: the form starts from the record, and only the fields
 * the clerk changed are sent (PATCH /api/persons/{id}), so the timeline names exactly those.
 */

export const AMENDABLE = [
  'name',
  'id_number',
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
] as const;

export type AmendableField = (typeof AMENDABLE)[number];

export type AmendmentValues = Partial<Record<AmendableField, string | null>> & { reason?: string };

export const FIELD_NAMES: Record<AmendableField, string> = {
  name: '姓名',
  id_number: '证件号码',
  sex: '性别',
  ethnicity: '民族',
  birth_date: '出生日期',
  phone: '联系方式',
  hukou_address: '户籍地址',
  hukou_type: '户口性质',
  marital_status: '婚姻状况',
  political_status: '政治面貌',
  education: '学历',
  military_service: '服兵役情况',
};

function normalized(value: string | null | undefined): string | null {
  const text = typeof value === 'string' ? value.trim() : value;
  return text ? text : null;
}

/** The record's fields as the form shows them. */
export function amendmentStart(record: {
  name: string;
  id_number: string;
  sex: string;
  ethnicity: string;
  birth_date: string;
  phone: string | null;
  details: Partial<Record<AmendableField, string | null>> | null;
}): AmendmentValues {
  const details = record.details ?? {};
  const start: AmendmentValues = {
    name: record.name,
    id_number: record.id_number,
    sex: record.sex,
    ethnicity: record.ethnicity,
    birth_date: record.birth_date,
    phone: record.phone,
  };
  for (const key of AMENDABLE) {
    if (!(key in start)) start[key] = details[key] ?? null;
  }
  return start;
}

/** What changed, as the API's body; null when nothing did (nothing to send). */
export function amendmentBody(
  start: AmendmentValues,
  values: AmendmentValues,
): (Partial<Record<AmendableField, string | null>> & { reason: string }) | null {
  const changes: Partial<Record<AmendableField, string | null>> = {};
  for (const key of AMENDABLE) {
    const now = normalized(values[key]);
    if (now !== normalized(start[key])) changes[key] = now;
  }
  if (Object.keys(changes).length === 0) return null;
  return { ...changes, reason: (values.reason ?? '').trim() };
}

/** "姓名、联系方式" for the confirmation. */
export function changedNames(body: Record<string, unknown>): string {
  return AMENDABLE.filter((key) => key in body)
    .map((key) => FIELD_NAMES[key])
    .join('、');
}
