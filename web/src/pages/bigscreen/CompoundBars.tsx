import { useMemo } from 'react';
import type { EChartsCoreOption } from 'echarts/core';
import { compoundBars, type CompoundFigures } from '../../lib/figures';
import { EChart } from '../../components/EChart';
import { escapeHtml } from '../../lib/html';

const GRADIENT = {
  type: 'linear',
  x: 0,
  y: 0,
  x2: 1,
  y2: 0,
  colorStops: [
    { offset: 0, color: 'rgba(0, 92, 255, 0.9)' },
    { offset: 1, color: '#00e5ff' },
  ],
};

/** 各小区现居住人口: the compounds with the most residents, largest on top. */
export function CompoundBars({ compounds, unit }: { compounds: readonly CompoundFigures[]; unit: number }) {
  const option = useMemo<EChartsCoreOption>(() => {
    const bars = compoundBars(compounds, 12);
    const font = Math.max(12, unit * 1.6);
    return {
      backgroundColor: 'transparent',
      animationDurationUpdate: 600,
      grid: { left: '2%', right: '12%', top: '2%', bottom: '2%', outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
      tooltip: {
        trigger: 'item',
        backgroundColor: 'rgba(4, 20, 52, 0.92)',
        borderColor: 'rgba(0, 200, 255, 0.6)',
        textStyle: { color: '#e6f2ff', fontSize: font },
        formatter: (p: { name: string; value: number }) => `${escapeHtml(p.name)}<br/>现居住 ${p.value} 人`,
      },
      xAxis: {
        type: 'value',
        minInterval: 1,
        axisLabel: { show: false },
        splitLine: { lineStyle: { color: 'rgba(64, 158, 255, 0.12)' } },
      },
      yAxis: {
        type: 'category',
        inverse: true,
        data: bars.map((b) => b.name),
        axisTick: { show: false },
        axisLine: { lineStyle: { color: 'rgba(64, 158, 255, 0.35)' } },
        axisLabel: { color: '#cfe3ff', fontSize: font, width: unit * 11, overflow: 'truncate' },
      },
      series: [
        {
          type: 'bar',
          barMaxWidth: unit * 3,
          data: bars.map((b) => ({
            name: b.name,
            value: b.value,
            itemStyle: b.compounds > 1 ? { color: 'rgba(140, 160, 190, 0.7)' } : undefined,
          })),
          itemStyle: { color: GRADIENT, borderRadius: [0, unit * 0.5, unit * 0.5, 0] },
          label: { show: true, position: 'right', color: '#ffffff', fontSize: font, fontWeight: 'bold' },
        },
      ],
    };
  }, [compounds, unit]);

  return <EChart option={option} className="bs-chart" merge aria-label="各小区现居住人口柱状图" />;
}
