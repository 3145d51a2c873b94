import { DatePicker, Space, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo } from 'react';
import {
  dayOf,
  matchPreset,
  PRESET_NAMES,
  PRESET_ORDER,
  presetPeriod,
  type Period,
} from '../../lib/statsPeriod';

/** 统计期间: a range of days (to today at most), with 今天, 本周, 本月, 上月, 本年. */
export function PeriodPicker({
  period,
  today,
  onChange,
}: {
  period: Period;
  today: Dayjs;
  onChange: (period: Period) => void;
}) {
  const presets = useMemo(
    () =>
      PRESET_ORDER.map((key) => {
        const p = presetPeriod(key, today);
        return { label: PRESET_NAMES[key], value: [dayjs(p.from), dayjs(p.to)] as [Dayjs, Dayjs] };
      }),
    [today],
  );
  const preset = matchPreset(period, today);
  return (
    <Space size={8} align="center">
      <Typography.Text type="secondary">统计期间</Typography.Text>
      {/* One element for the test id: the picker would put it on both its inputs. */}
      <span data-testid="stats-period" style={{ display: 'inline-block' }}>
        <DatePicker.RangePicker
          value={[dayjs(period.from), dayjs(period.to)]}
          presets={presets}
          allowClear={false}
          disabledDate={(d) => d.isAfter(today, 'day')}
          onChange={(range) => {
            const [from, to] = range ?? [];
            if (from && to) onChange({ from: dayOf(from), to: dayOf(to) });
          }}
          style={{ width: 248 }}
          aria-label="统计期间"
        />
      </span>
      {preset && <Tag color="blue">{PRESET_NAMES[preset]}</Tag>}
    </Space>
  );
}
