/**
 * A failed submit on an antd form: the server's 422s beside the fields the form has (in
 * Chinese), the form scrolled to the first, and what belongs to no field returned for an
 * Alert above the form (the rest of a 422, or any other failure).
 */

import type { FormInstance } from 'antd';
import { isApiError, messageOf } from '../api/client';
import { isValidationDetail, splitFieldErrors, type FieldPath } from './fieldErrors';
import { inChinese, type FieldLabels } from './validationText';

/** The form's top-level field names, or a test of a whole path. */
export type OnForm = readonly string[] | ((path: FieldPath) => boolean);

export interface FormErrorOptions {
  /** A body field's place on the form (`{unit_id: ['unit_path']}`). */
  aliases?: Readonly<Record<string, FieldPath>>;
  /** Labels for English messages put in Chinese. */
  labels?: FieldLabels;
}

/** The messages for above the form; the fields' own are set beside them. */
export function formProblems(
  form: FormInstance,
  error: unknown,
  fields: OnForm,
  { aliases = {}, labels = {} }: FormErrorOptions = {},
): string[] {
  if (!isApiError(error) || error.status !== 422 || !isValidationDetail(error.detail)) {
    return [messageOf(error)];
  }
  const onForm =
    typeof fields === 'function'
      ? fields
      : (path: FieldPath) => typeof path[0] === 'string' && fields.includes(path[0]);
  const split = splitFieldErrors(inChinese(error.detail, labels), onForm, aliases);
  form.setFields(split.fields.map((f) => ({ name: f.name, errors: f.errors })));
  if (split.fields.length > 0) form.scrollToField(split.fields[0].name, { block: 'center' });
  return split.others;
}

/** `formProblems` as one line, or a pointer to the fields marked when all were theirs. */
export function showServerErrors(
  form: FormInstance,
  error: unknown,
  fields: OnForm,
  options: FormErrorOptions = {},
): string {
  const others = formProblems(form, error, fields, options);
  return others.length ? others.join('; ') : '录入的信息有误, 请检查标红的项';
}
