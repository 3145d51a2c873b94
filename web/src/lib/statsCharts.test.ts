import { describe, expect, it } from 'vitest';
import type { BreakdownItem, SeriesItem } from '../api/stats';
import {
  ageBandPoints,
  breakdownOption,
  chartKind,
  hasFigures,
  largestGroups,
  OTHER_NAME,
  periodLabels,
  pointsText,
  seriesHasFigures,
  seriesOption,
  seriesText,
} from './statsCharts';

const item = (key: string, name: string, current: number, checked_in = 0, departed = 0): BreakdownItem => ({
  key,
  name,
  current,
  checked_in,
  departed,
});

// The option's parts, as the tests read them.
type Axis = { data?: string[] };
type Serie = { type: string; name: string; data: unknown[]; yAxisIndex?: number };

describe('breakdown charts', () => {
  it('pick a chart for each breakdown', () => {
    expect(chartKind('origin_province')).toBe('bars');
    expect(chartKind('origin_city')).toBe('bars');
    expect(chartKind('age_band')).toBe('columns');
    expect(chartKind('sex')).toBe('pie');
    expect(chartKind('housing_type')).toBe('pie');
    expect(chartKind('reason')).toBe('pie');
  });

  it('keep the largest groups and sum the rest as 其他', () => {
    const items = [item('a', '甲', 1), item('b', '乙', 5), item('c', '丙', 3), item('d', '丁', 2), item('e', '戊', 0)];
    expect(largestGroups(items, 'current', 10)).toEqual([
      { name: '乙', value: 5 },
      { name: '丙', value: 3 },
      { name: '丁', value: 2 },
      { name: '甲', value: 1 },
    ]);
    expect(largestGroups(items, 'current', 3)).toEqual([
      { name: '乙', value: 5 },
      { name: '丙', value: 3 },
      { name: OTHER_NAME, value: 3 },
    ]);
  });

  it('show every age band in order, 未知 only when someone is', () => {
    const items = [item('30-39岁', '30-39岁', 4), item('0-17岁', '0-17岁', 1), item('unknown', '未知', 0)];
    expect(ageBandPoints(items, 'current').map((p) => `${p.name}:${p.value}`)).toEqual([
      '0-17岁:1',
      '18-29岁:0',
      '30-39岁:4',
      '40-49岁:0',
      '50-59岁:0',
      '60岁以上:0',
    ]);
    expect(ageBandPoints([item('unknown', '未知', 2)], 'current').at(-1)).toEqual({ name: '未知', value: 2 });
  });

  it('draw origins as bars, the largest on top', () => {
    const option = breakdownOption(
      'origin_province',
      [item('430000', '湖南省', 12, 2), item('510000', '四川省', 8, 5)],
      'current',
    );
    expect((option.yAxis as Axis).data).toEqual(['四川省', '湖南省']);
    const [bars] = option.series as Serie[];
    expect(bars).toMatchObject({ type: 'bar', name: '现居住', data: [8, 12] });
    // By another figure, another order.
    const arrived = breakdownOption('origin_province', [item('430000', '湖南省', 12, 2), item('510000', '四川省', 8, 5)], 'checked_in');
    expect((arrived.yAxis as Axis).data).toEqual(['湖南省', '四川省']);
  });

  it('draw sex as a pie without empty slices', () => {
    const option = breakdownOption('sex', [item('1', '男', 3), item('2', '女', 2), item('unknown', '未知', 0)], 'current');
    const [pie] = option.series as Serie[];
    expect(pie.type).toBe('pie');
    expect(pie.data).toEqual([
      { name: '男', value: 3 },
      { name: '女', value: 2 },
    ]);
  });

  it('know when there is nothing to draw, and say what is drawn', () => {
    expect(hasFigures([item('1', '男', 0, 0, 0)], 'current')).toBe(false);
    expect(hasFigures([item('1', '男', 0, 1, 0)], 'checked_in')).toBe(true);
    expect(pointsText([{ name: '男', value: 3 }, { name: '女', value: 2 }])).toBe('男 3, 女 2');
    expect(pointsText([])).toBe('无数据');
  });
});

describe('the series chart', () => {
  const days: SeriesItem[] = [
    { period: '2026-03-01', arrivals: 2, departures: 0, residents: 10 },
    { period: '2026-03-02', arrivals: 0, departures: 1, residents: 9 },
  ];

  it('labels days within a year short, across years in full, months by month', () => {
    expect(periodLabels(days, 'day')).toEqual(['03-01', '03-02']);
    expect(
      periodLabels(
        [
          { period: '2025-12-31', arrivals: 0, departures: 0, residents: 0 },
          { period: '2026-01-01', arrivals: 0, departures: 0, residents: 0 },
        ],
        'day',
      ),
    ).toEqual(['2025-12-31', '2026-01-01']);
    expect(periodLabels([{ period: '2026-03-01', arrivals: 0, departures: 0, residents: 0 }], 'month')).toEqual(['2026-03']);
  });

  it('draws arrivals and departures as columns and the residents as a line', () => {
    const option = seriesOption(days, 'day');
    expect((option.xAxis as Axis).data).toEqual(['03-01', '03-02']);
    const series = option.series as Serie[];
    expect(series.map((s) => [s.type, s.name])).toEqual([
      ['bar', '登记入住'],
      ['bar', '离开'],
      ['line', '现居住'],
    ]);
    expect(series[0].data).toEqual([2, 0]);
    expect(series[1].data).toEqual([0, 1]);
    expect(series[2]).toMatchObject({ data: [10, 9], yAxisIndex: 1 });
  });

  it('says what it shows', () => {
    expect(seriesText(days)).toBe('登记入住 2, 离开 1, 期末现居住 9');
    expect(seriesText([])).toBe('无数据');
    expect(seriesHasFigures(days)).toBe(true);
    expect(seriesHasFigures([{ period: '2026-03-01', arrivals: 0, departures: 0, residents: 0 }])).toBe(false);
  });
});
