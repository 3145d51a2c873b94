/**
 * FastAPI's 422 answer, `{"detail": [{"loc": ["body", "person", "id_number"], "msg", "type"}]}`,
 * turned into Ant Design form errors: the path after "body" is the form field's name path
 * (list indices as numbers), messages on the same field are joined, and errors on fields the
 * form does not have are returned apart, to show in an Alert.
 */

export type FieldPath = (string | number)[];

export interface ValidationItem {
  loc: (string | number)[];
  msg: string;
  type?: string;
}

export interface FieldErrorEntry {
  name: FieldPath;
  errors: string[];
}

export interface SplitErrors {
  /** For `form.setFields`. */
  fields: FieldErrorEntry[];
  /** Messages for fields not on the form (or the body as a whole). */
  others: string[];
}

export function isValidationDetail(detail: unknown): detail is ValidationItem[] {
  return (
    Array.isArray(detail) &&
    detail.every(
      (d) =>
        typeof d === 'object' &&
        d !== null &&
        Array.isArray((d as ValidationItem).loc) &&
        typeof (d as ValidationItem).msg === 'string',
    )
  );
}

/**
 * The form path of an error's `loc`: what follows "body", with digit strings as indices
 * (the registry's own rules say `["body", "minors", "0", "name"]`, pydantic says `0`).
 * `aliases` renames a body field to the form's (`{unit_id: ["unit_path"]}`).
 * Null when the error is not about a body field (a query parameter, the body as a whole).
 */
export function locToPath(
  loc: readonly (string | number)[],
  aliases: Readonly<Record<string, FieldPath>> = {},
): FieldPath | null {
  if (loc.length < 2 || loc[0] !== 'body') return null;
  const path: FieldPath = loc
    .slice(1)
    .map((part) => (typeof part === 'string' && /^\d+$/.test(part) ? Number(part) : part));
  const key = path.join('.');
  for (const [from, to] of Object.entries(aliases)) {
    if (key === from) return [...to];
    if (key.startsWith(from + '.')) return [...to, ...path.slice(from.split('.').length)];
  }
  return path;
}

/** A readable name for an error outside the form: "employment.employer.name" style. */
export function describeLoc(loc: readonly (string | number)[]): string {
  const parts = loc[0] === 'body' || loc[0] === 'query' ? loc.slice(1) : loc;
  return parts.join('.');
}

export function splitFieldErrors(
  detail: readonly ValidationItem[],
  isOnForm: (path: FieldPath) => boolean,
  aliases: Readonly<Record<string, FieldPath>> = {},
): SplitErrors {
  const byKey = new Map<string, FieldErrorEntry>();
  const others: string[] = [];
  for (const item of detail) {
    const path = locToPath(item.loc, aliases);
    if (path && path.length > 0 && isOnForm(path)) {
      const key = JSON.stringify(path);
      const entry = byKey.get(key);
      if (entry) {
        if (!entry.errors.includes(item.msg)) entry.errors.push(item.msg);
      } else {
        byKey.set(key, { name: path, errors: [item.msg] });
      }
    } else {
      const where = describeLoc(item.loc);
      const text = where && !item.msg.includes(where) ? `${item.msg} (${where})` : item.msg;
      if (!others.includes(text)) others.push(text);
    }
  }
  return { fields: [...byKey.values()], others };
}

/** One line for a whole answer's detail: a string as it is, a 422 list joined. */
export function detailMessage(detail: unknown): string | null {
  if (typeof detail === 'string' && detail.trim()) return detail;
  if (isValidationDetail(detail) && detail.length > 0) {
    return detail
      .slice(0, 5)
      .map((d) => d.msg)
      .join('; ');
  }
  return null;
}
