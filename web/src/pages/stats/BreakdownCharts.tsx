import { Col, Row, Segmented, Typography } from 'antd';
import { useMemo, useState } from 'react';
import type { BreakdownBy, FigureKey } from '../../api/stats';
import {
  BREAKDOWN_TITLES,
  breakdownOption,
  breakdownPoints,
  FIGURE_NAMES,
  hasFigures,
  pointsText,
} from '../../lib/statsCharts';
import type { Period } from '../../lib/statsPeriod';
import { ChartCard } from './ChartCard';
import { loadBreakdown, PLACE_NOT_FOUND, targetKey, type Target } from './load';
import { useLoad, useRetryOn } from '../../lib/useLoad';

const FIGURES: FigureKey[] = ['current', 'checked_in', 'departed'];

function BreakdownChart({
  target,
  period,
  round,
  by,
  figure,
  title,
  extra,
  height = 260,
}: {
  target: Target;
  period: Period;
  round: number;
  by: BreakdownBy;
  figure: FigureKey;
  title: string;
  extra?: React.ReactNode;
  height?: number;
}) {
  const answer = useLoad(
    targetKey(target, period, by),
    (signal) => loadBreakdown(target, by, period, signal),
    { notFound: PLACE_NOT_FOUND },
  );
  useRetryOn(round, answer.retry);
  const items = answer.data;
  const option = useMemo(() => (items ? breakdownOption(by, items, figure) : null), [items, by, figure]);
  const label = items
    ? `${title}(${FIGURE_NAMES[figure]}): ${pointsText(breakdownPoints(by, items, figure))}`
    : title;
  return (
    <ChartCard
      title={title}
      extra={extra}
      height={height}
      loading={answer.loading}
      error={answer.error}
      onRetry={answer.retry}
      empty={!items || !hasFigures(items, figure)}
      option={option}
      label={label}
      testId={`stats-chart-${by}`}
    />
  );
}

/** 来源地, 年龄段, 住所类别, 居住事由, 性别 of the place, by one figure at a time. */
export function BreakdownCharts({ target, period, round }: { target: Target; period: Period; round: number }) {
  const [figure, setFigure] = useState<FigureKey>('current');
  const [origin, setOrigin] = useState<'origin_province' | 'origin_city'>('origin_province');
  return (
    <section aria-label="分类统计">
      <div style={{ display: 'flex', alignItems: 'center', gap: 12, margin: '16px 0 8px' }}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          分类统计
        </Typography.Title>
        <Segmented<FigureKey>
          size="small"
          value={figure}
          onChange={setFigure}
          options={FIGURES.map((f) => ({ value: f, label: FIGURE_NAMES[f] }))}
          data-testid="stats-figure"
        />
      </div>
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={12}>
          <BreakdownChart
            target={target}
            period={period}
            round={round}
            by={origin}
            figure={figure}
            title="来源地"
            height={300}
            extra={
              <Segmented<'origin_province' | 'origin_city'>
                size="small"
                value={origin}
                onChange={setOrigin}
                options={[
                  { value: 'origin_province', label: '按省' },
                  { value: 'origin_city', label: '按市' },
                ]}
              />
            }
          />
        </Col>
        <Col xs={24} lg={12}>
          <BreakdownChart
            target={target}
            period={period}
            round={round}
            by="age_band"
            figure={figure}
            title={BREAKDOWN_TITLES.age_band}
            height={300}
          />
        </Col>
        {(['housing_type', 'reason', 'sex'] as const).map((by) => (
          <Col xs={24} md={12} lg={8} key={by}>
            <BreakdownChart
              target={target}
              period={period}
              round={round}
              by={by}
              figure={figure}
              title={BREAKDOWN_TITLES[by]}
            />
          </Col>
        ))}
      </Row>
    </section>
  );
}
