/**
 * An ECharts chart in a div that fills its box, follows its size and takes each new option.
 * ECharts is tree-shaken (echarts/core with the charts registered here: statistics' and the
 * big screen's) and only the pages that import this file load it.
 */

import { useEffect, useRef, type CSSProperties } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, EffectScatterChart, LineChart, PieChart, ScatterChart } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import { LabelLayout } from 'echarts/features';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([
  BarChart,
  LineChart,
  PieChart,
  ScatterChart,
  EffectScatterChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  VisualMapComponent,
  LabelLayout,
  CanvasRenderer,
]);

export interface EChartProps {
  option: echarts.EChartsCoreOption;
  /** The box's height when no `style` or `className` sizes it. */
  height?: number | string;
  style?: CSSProperties;
  className?: string;
  /** Merge each new option into the chart (live figures animate) instead of replacing it. */
  merge?: boolean;
  /** What the chart shows, in words (a canvas says nothing to a screen reader). */
  'aria-label': string;
  'data-testid'?: string;
}

export function EChart({
  option,
  height = 260,
  style,
  className,
  merge = false,
  'aria-label': label,
  'data-testid': testId,
}: EChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const latest = useRef(option);
  latest.current = option;

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const instance = echarts.init(element, undefined, { renderer: 'canvas' });
    chart.current = instance;
    instance.setOption(latest.current);
    const observer =
      typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => instance.resize());
    observer?.observe(element);
    return () => {
      observer?.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: !merge });
  }, [option, merge]);

  return (
    <div
      ref={box}
      className={className}
      role="img"
      aria-label={label}
      data-testid={testId}
      style={style ?? (className ? undefined : { width: '100%', height })}
    />
  );
}
