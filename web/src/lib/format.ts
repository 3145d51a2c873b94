import dayjs from 'dayjs';

/** "2026-11-27 09:30" in the browser's time zone (the stations' own). */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '';
  const d = dayjs(value);
  return d.isValid() ? d.format('YYYY-MM-DD HH:mm') : value;
}

export function formatDate(value: string | null | undefined): string {
  if (!value) return '';
  const d = dayjs(value);
  return d.isValid() ? d.format('YYYY-MM-DD') : value;
}

export function yesNo(value: boolean | null | undefined, yes = '是', no = '否'): string {
  return value === true ? yes : value === false ? no : '—';
}
