/**
 * A failed submit on an antd form: the server's 422s beside the fields the form has, and one
 * line for everything else (the rest of a 422, or any other failure) to show above it.
 */

import type { FormInstance } from 'antd';
import { isApiError, messageOf } from '../api/client';
import { isValidationDetail, splitFieldErrors, type FieldPath } from './fieldErrors';

export function showServerErrors(
  form: FormInstance,
  error: unknown,
  /** The form's top-level field names, or a test of a whole path. */
  fields: readonly string[] | ((path: FieldPath) => boolean),
  aliases: Readonly<Record<string, FieldPath>> = {},
): string {
  if (!isApiError(error) || error.status !== 422 || !isValidationDetail(error.detail)) {
    return messageOf(error);
  }
  const onForm =
    typeof fields === 'function'
      ? fields
      : (path: FieldPath) => typeof path[0] === 'string' && fields.includes(path[0]);
  const split = splitFieldErrors(error.detail, onForm, aliases);
  form.setFields(split.fields.map((f) => ({ name: f.name, errors: f.errors })));
  return split.others.length ? split.others.join('; ') : '录入的信息有误, 请检查标红的项';
}
