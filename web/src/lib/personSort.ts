/** The person search's server sorts, as the Table's column sorters say them. */

export type PersonSort = 'name' | 'arrival_date' | '-arrival_date' | '-departure_date';
export type SortOrder = 'ascend' | 'descend' | null;
export type SortColumn = 'name' | 'arrival_date' | 'departure_date';

export const DEFAULT_SORT: PersonSort = '-arrival_date';

/** What the server can sort by; an order it cannot give falls back to the default. */
export function toSortParam(column: string | undefined, order: SortOrder | undefined): PersonSort {
  if (!order || !column) return DEFAULT_SORT;
  if (column === 'name') return 'name';
  if (column === 'arrival_date') return order === 'ascend' ? 'arrival_date' : '-arrival_date';
  if (column === 'departure_date') return '-departure_date';
  return DEFAULT_SORT;
}

/** The column and order a sort shows in the Table. */
export function sortOrderOf(sort: PersonSort, column: SortColumn): SortOrder {
  switch (sort) {
    case 'name':
      return column === 'name' ? 'ascend' : null;
    case 'arrival_date':
      return column === 'arrival_date' ? 'ascend' : null;
    case '-arrival_date':
      return column === 'arrival_date' ? 'descend' : null;
    case '-departure_date':
      return column === 'departure_date' ? 'descend' : null;
  }
}
