/** /api/dictionaries/{name}: the code tables coded fields take their values from. */

import type { CodeEntry } from '../lib/codeFilter';
import { api } from './client';

export type TableName =
  | 'sex'
  | 'ethnicity'
  | 'marital_status'
  | 'education'
  | 'political_status'
  | 'hukou_type'
  | 'military_service'
  | 'housing_type'
  | 'residence_reason'
  | 'country';

export interface CodeItem extends CodeEntry {
  parent?: string | null;
}

interface TableAnswer {
  name: string;
  title: string;
  items: CodeItem[];
}

const tables = new Map<TableName, Promise<CodeItem[]>>();

/** A whole table, loaded once (the largest, country, has some 250 entries). */
export function loadTable(name: TableName): Promise<CodeItem[]> {
  let found = tables.get(name);
  if (!found) {
    found = api<TableAnswer>(`/api/dictionaries/${name}`, { query: { limit: 500 } }).then(
      (answer) => answer.items,
    );
    found.catch(() => tables.delete(name));
    tables.set(name, found);
  }
  return found;
}
