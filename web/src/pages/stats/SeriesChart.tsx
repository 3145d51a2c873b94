import { Segmented, Tooltip } from 'antd';
import { useMemo, useState } from 'react';
import type { Interval } from '../../api/stats';
import { seriesHasFigures, seriesOption, seriesText } from '../../lib/statsCharts';
import { defaultInterval, mayShowDays, MOST_DAYS, type Period } from '../../lib/statsPeriod';
import { ChartCard } from './ChartCard';
import { loadSeries, PLACE_NOT_FOUND, targetKey, type Target } from './load';
import { useLoad, useRetryOn } from '../../lib/useLoad';

/** Arrivals and departures per day or month, and the residents at each one's end. */
export function SeriesChart({ target, period, round }: { target: Target; period: Period; round: number }) {
  const periodKey = `${period.from}|${period.to}`;
  const [chosen, setChosen] = useState<{ periodKey: string; interval: Interval } | null>(null);
  const interval: Interval = chosen?.periodKey === periodKey ? chosen.interval : defaultInterval(period);
  const days = mayShowDays(period);

  const answer = useLoad(
    targetKey(target, period, interval),
    (signal) => loadSeries(target, interval, period, signal),
    { notFound: PLACE_NOT_FOUND },
  );
  useRetryOn(round, answer.retry);
  const items = answer.data;
  const option = useMemo(() => (items ? seriesOption(items, interval) : null), [items, interval]);

  return (
    <ChartCard
      title="人员变动趋势"
      extra={
        <Segmented<Interval>
          size="small"
          value={interval}
          onChange={(value) => setChosen({ periodKey, interval: value })}
          options={[
            {
              value: 'day',
              disabled: !days,
              label: days ? '按日' : <Tooltip title={`按日最多${MOST_DAYS}天`}>按日</Tooltip>,
            },
            { value: 'month', label: '按月' },
          ]}
          data-testid="stats-interval"
        />
      }
      height={280}
      loading={answer.loading}
      error={answer.error}
      onRetry={answer.retry}
      empty={!items || !seriesHasFigures(items)}
      option={option}
      label={items ? `人员变动趋势: ${seriesText(items)}` : '人员变动趋势'}
      testId="stats-chart-series"
    />
  );
}
