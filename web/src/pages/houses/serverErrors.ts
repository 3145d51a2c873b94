import type { FormInstance } from 'antd';
import { isApiError, messageOf } from '../../api/client';
import {
  isValidationDetail,
  locToPath,
  splitFieldErrors,
  type FieldPath,
} from '../../lib/fieldErrors';
import { inChinese } from '../../lib/houseErrors';

type FieldName<V> = Parameters<FormInstance<V>['setFields']>[0][number]['name'];

/**
 * A failed save shown where it belongs: a 422's messages beside the form's fields (in
 * Chinese), the rest returned for an Alert above the form. The housing rules' messages
 * name their subject ("房屋已注销"), so no field name is added to them.
 */
export function showServerErrors<V>(
  form: FormInstance<V>,
  error: unknown,
  isOnForm: (path: FieldPath) => boolean,
  aliases: Record<string, FieldPath> = {},
): string[] {
  if (!(isApiError(error) && error.status === 422 && isValidationDetail(error.detail))) {
    return [messageOf(error)];
  }
  const items = inChinese(error.detail);
  const onForm = (loc: (string | number)[]) => {
    const path = locToPath(loc, aliases);
    return path !== null && path.length > 0 && isOnForm(path);
  };
  const split = splitFieldErrors(items.filter((i) => onForm(i.loc)), isOnForm, aliases);
  form.setFields(split.fields.map((f) => ({ name: f.name as FieldName<V>, errors: f.errors })));
  if (split.fields.length > 0) form.scrollToField(split.fields[0].name, { block: 'center' });
  const others = items.filter((i) => !onForm(i.loc)).map((i) => i.msg);
  return [...new Set(others)];
}
