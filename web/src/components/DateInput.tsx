import { DatePicker } from 'antd';
import type { DatePickerProps } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';

export const DATE_FORMAT = 'YYYY-MM-DD';

type Props = Omit<DatePickerProps, 'value' | 'onChange'> & {
  value?: string | null;
  onChange?: (value: string | null) => void;
  /** No date after today. */
  notAfterToday?: boolean;
};

/** A DatePicker holding "YYYY-MM-DD" strings (the API's dates), typed or picked. */
export function DateInput({ value, onChange, notAfterToday, ...rest }: Props) {
  const parsed = value ? dayjs(value, DATE_FORMAT, true) : null;
  return (
    <DatePicker
      {...rest}
      style={{ width: '100%', ...rest.style }}
      format={DATE_FORMAT}
      placeholder={rest.placeholder ?? 'YYYY-MM-DD'}
      value={parsed && parsed.isValid() ? parsed : null}
      disabledDate={
        notAfterToday ? (d: Dayjs) => d.isAfter(dayjs(), 'day') : rest.disabledDate
      }
      onChange={(d) => onChange?.(d ? (d as Dayjs).format(DATE_FORMAT) : null)}
    />
  );
}
