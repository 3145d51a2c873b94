/** 统计分析: the ECharts options of the breakdowns and the series (pure: data in, option out). */

import type { EChartsOption } from 'echarts';
import type { BreakdownBy, BreakdownItem, FigureKey, Interval, SeriesItem } from '../api/stats';

export const FIGURE_NAMES: Record<FigureKey, string> = {
  checked_in: '登记入住',
  departed: '离开',
  current: '现居住',
};

export const BREAKDOWN_TITLES: Record<BreakdownBy, string> = {
  origin_province: '来源地(省)',
  origin_city: '来源地(市)',
  housing_type: '住所类别',
  reason: '居住事由',
  age_band: '年龄段',
  sex: '性别',
};

/** The age bands as the API names them (breakdowns.py AGE_BANDS), youngest first. */
export const AGE_BANDS: readonly string[] = ['0-17岁', '18-29岁', '30-39岁', '40-49岁', '50-59岁', '60岁以上'];
const UNKNOWN_KEY = 'unknown';
export const OTHER_NAME = '其他';
/** The most bars of the origin chart: the largest groups, then 其他. */
export const MOST_ORIGIN_BARS = 10;

export type ChartKind = 'bars' | 'columns' | 'pie';

/** Origins are many (bars, largest on top), age bands ordered (columns), the rest few (pie). */
export function chartKind(by: BreakdownBy): ChartKind {
  if (by === 'origin_province' || by === 'origin_city') return 'bars';
  if (by === 'age_band') return 'columns';
  return 'pie';
}

export interface Point {
  name: string;
  value: number;
}

export function hasFigures(items: readonly BreakdownItem[], figure: FigureKey): boolean {
  return items.some((item) => item[figure] > 0);
}

/** The groups with a figure, the largest first; beyond `most`, the smallest summed as 其他. */
export function largestGroups(items: readonly BreakdownItem[], figure: FigureKey, most: number): Point[] {
  const points = items
    .map((item) => ({ name: item.name, value: item[figure] }))
    .filter((p) => p.value > 0)
    .sort((a, b) => b.value - a.value);
  if (points.length <= most) return points;
  const kept = points.slice(0, most - 1);
  const rest = points.slice(most - 1).reduce((sum, p) => sum + p.value, 0);
  return [...kept, { name: OTHER_NAME, value: rest }];
}

/** Every age band in order (a band with nobody shows 0), then 未知 if anybody's age is. */
export function ageBandPoints(items: readonly BreakdownItem[], figure: FigureKey): Point[] {
  const byKey = new Map<string, BreakdownItem>(items.map((item) => [item.key, item]));
  const points = AGE_BANDS.map((band) => ({ name: band, value: byKey.get(band)?.[figure] ?? 0 }));
  const unknown = byKey.get(UNKNOWN_KEY);
  if (unknown && unknown[figure] > 0) points.push({ name: unknown.name, value: unknown[figure] });
  return points;
}

/** What a chart shows, in words (its aria-label): "湖南省 12, 四川省 8". */
export function pointsText(points: readonly Point[]): string {
  return points.length === 0 ? '无数据' : points.map((p) => `${p.name} ${p.value}`).join(', ');
}

export function breakdownPoints(by: BreakdownBy, items: readonly BreakdownItem[], figure: FigureKey): Point[] {
  switch (chartKind(by)) {
    case 'bars':
      return largestGroups(items, figure, MOST_ORIGIN_BARS);
    case 'columns':
      return ageBandPoints(items, figure);
    case 'pie':
      return largestGroups(items, figure, Number.POSITIVE_INFINITY);
  }
}

export function breakdownOption(by: BreakdownBy, items: readonly BreakdownItem[], figure: FigureKey): EChartsOption {
  const name = FIGURE_NAMES[figure];
  const points = breakdownPoints(by, items, figure);
  switch (chartKind(by)) {
    case 'bars': {
      const top = [...points].reverse(); // the largest on top
      return {
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
        grid: { left: 96, right: 40, top: 8, bottom: 24 },
        xAxis: { type: 'value', minInterval: 1 },
        yAxis: {
          type: 'category',
          data: top.map((p) => p.name),
          axisLabel: { width: 88, overflow: 'truncate' },
        },
        series: [
          {
            type: 'bar',
            name,
            data: top.map((p) => p.value),
            barMaxWidth: 18,
            label: { show: true, position: 'right' },
          },
        ],
      };
    }
    case 'columns':
      return {
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
        grid: { left: 40, right: 16, top: 24, bottom: 28 },
        xAxis: { type: 'category', data: points.map((p) => p.name), axisLabel: { interval: 0 } },
        yAxis: { type: 'value', minInterval: 1 },
        series: [
          {
            type: 'bar',
            name,
            data: points.map((p) => p.value),
            barMaxWidth: 36,
            label: { show: true, position: 'top' },
          },
        ],
      };
    case 'pie':
      return {
        tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
        legend: { type: 'scroll', bottom: 0 },
        series: [
          {
            type: 'pie',
            name,
            radius: ['38%', '64%'],
            center: ['50%', '44%'],
            avoidLabelOverlap: true,
            // The legend names the slices: a small card has no room for names beside them.
            label: { formatter: '{c}' },
            labelLine: { length: 6, length2: 6 },
            data: points,
          },
        ],
      };
  }
}

/** "03-18" within one year, "2025-12-31" across years; "2026-03" by month. */
export function periodLabels(items: readonly SeriesItem[], interval: Interval): string[] {
  if (interval === 'month') return items.map((i) => i.period.slice(0, 7));
  const years = new Set(items.map((i) => i.period.slice(0, 4)));
  return items.map((i) => (years.size > 1 ? i.period : i.period.slice(5)));
}

/** Arrivals and departures as columns (left axis), the residents as a line (right axis). */
export function seriesOption(items: readonly SeriesItem[], interval: Interval): EChartsOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: [FIGURE_NAMES.checked_in, FIGURE_NAMES.departed, FIGURE_NAMES.current] },
    grid: { left: 48, right: 56, top: 40, bottom: 28 },
    xAxis: { type: 'category', data: periodLabels(items, interval) },
    yAxis: [
      { type: 'value', name: interval === 'day' ? '人次/日' : '人次/月', minInterval: 1 },
      { type: 'value', name: '现居住', minInterval: 1, splitLine: { show: false } },
    ],
    series: [
      { type: 'bar', name: FIGURE_NAMES.checked_in, data: items.map((i) => i.arrivals), barMaxWidth: 16 },
      { type: 'bar', name: FIGURE_NAMES.departed, data: items.map((i) => i.departures), barMaxWidth: 16 },
      {
        type: 'line',
        name: FIGURE_NAMES.current,
        yAxisIndex: 1,
        data: items.map((i) => i.residents),
        showSymbol: items.length <= 31,
      },
    ],
  };
}

/** The series in words: its totals and the residents at its end. */
export function seriesText(items: readonly SeriesItem[]): string {
  if (items.length === 0) return '无数据';
  const arrivals = items.reduce((sum, i) => sum + i.arrivals, 0);
  const departures = items.reduce((sum, i) => sum + i.departures, 0);
  const last = items[items.length - 1];
  return `登记入住 ${arrivals}, 离开 ${departures}, 期末现居住 ${last.residents}`;
}

export function seriesHasFigures(items: readonly SeriesItem[]): boolean {
  return items.some((i) => i.arrivals > 0 || i.departures > 0 || i.residents > 0);
}
