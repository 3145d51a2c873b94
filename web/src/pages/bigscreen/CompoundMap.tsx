import { useMemo } from 'react';
import type { EChartsCoreOption } from 'echarts/core';
import { bubbleSize, layoutCompounds } from '../../lib/compoundLayout';
import type { CompoundFigures } from '../../lib/figures';
import { EChart } from '../../components/EChart';
import { escapeHtml } from '../../lib/html';

/** The map panel is about this wide for its height: the grid is shaped to it. */
const PANEL_ASPECT = 1.25;

interface Spot {
  name: string;
  value: [number, number, number, number, number];
  symbolSize: number;
}

/**
 * 小区入住分布: every compound a bubble on a schematic map (no map tiles): where its
 * five-in-one record places it when every compound has a location, else on a grid by name;
 * its size and colour its residents; a compound with arrivals today ripples.
 */
export function CompoundMap({ compounds, unit }: { compounds: readonly CompoundFigures[]; unit: number }) {
  const option = useMemo<EChartsCoreOption>(() => {
    const located = Object.fromEntries(compounds.map((c) => [c.place_id, c.location]));
    const laid = layoutCompounds(compounds, located, PANEL_ASPECT);
    const largest = Math.max(1, ...laid.map((c) => c.current));
    const spots: Spot[] = laid.map((c) => ({
      name: c.name,
      value: [c.x, c.y, c.current, c.arrivals, c.departures],
      symbolSize: bubbleSize(c.current, largest, unit * 2.2, unit * (laid.length > 30 ? 5 : 8)),
    }));
    const font = Math.max(12, unit * 1.6);
    const axis = {
      type: 'value',
      min: 0,
      max: 1,
      splitNumber: 10,
      axisLine: { show: false },
      axisTick: { show: false },
      axisLabel: { show: false },
      splitLine: { lineStyle: { color: 'rgba(64, 158, 255, 0.10)' } },
    };
    return {
      backgroundColor: 'transparent',
      animationDurationUpdate: 600,
      grid: { left: '3%', right: '3%', top: '6%', bottom: '14%' },
      xAxis: axis,
      yAxis: axis,
      tooltip: {
        trigger: 'item',
        backgroundColor: 'rgba(4, 20, 52, 0.92)',
        borderColor: 'rgba(0, 200, 255, 0.6)',
        textStyle: { color: '#e6f2ff', fontSize: font },
        formatter: (p: { name: string; value: number[] }) =>
          `${escapeHtml(p.name)}<br/>现居住 ${p.value[2]} 人<br/>今日入住 ${p.value[3]} · 今日离开 ${p.value[4]}`,
      },
      visualMap: {
        type: 'continuous',
        dimension: 2,
        seriesIndex: [0, 1],
        min: 0,
        max: largest,
        calculable: false,
        orient: 'horizontal',
        left: 'center',
        bottom: 0,
        itemWidth: unit * 1.2,
        itemHeight: unit * 14,
        text: ['人多', '人少'],
        textStyle: { color: '#9fc3ff', fontSize: font * 0.9 },
        inRange: { color: ['#1d6bff', '#00d8ff', '#ffd84d', '#ff5a5a'] },
      },
      series: [
        {
          type: 'scatter',
          data: spots,
          itemStyle: { opacity: 0.85, shadowBlur: unit * 2, shadowColor: 'rgba(0, 200, 255, 0.6)' },
          label: {
            show: true,
            position: 'bottom',
            distance: unit * 0.4,
            color: '#e6f2ff',
            fontSize: font,
            formatter: (p: { name: string; value: number[] }) => `${p.name} ${p.value[2]}`,
          },
          labelLayout: { hideOverlap: true },
          emphasis: { scale: 1.15 },
        },
        {
          type: 'effectScatter',
          data: spots.filter((s) => s.value[3] > 0),
          rippleEffect: { brushType: 'stroke', scale: 2.6, period: 3 },
          silent: true,
          z: 1,
        },
      ],
    };
  }, [compounds, unit]);

  return <EChart option={option} className="bs-chart" merge aria-label="各小区现居住人口分布示意图" />;
}
