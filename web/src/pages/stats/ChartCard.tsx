import { Card, Spin } from 'antd';
import type { ReactNode } from 'react';
import { EChart } from '../../components/EChart';
import { EmptyState, LoadError } from '../../components/PageState';
import type { EChartsOption } from 'echarts';

/** A card holding one chart, or its loading, error or empty state. */
export function ChartCard({
  title,
  extra,
  height,
  loading,
  error,
  onRetry,
  empty,
  option,
  label,
  testId,
}: {
  title: ReactNode;
  extra?: ReactNode;
  height: number;
  loading: boolean;
  error: string | null;
  onRetry: () => void;
  /** Nothing to draw (shown as 暂无数据). */
  empty: boolean;
  option: EChartsOption | null;
  /** The chart in words. */
  label: string;
  testId: string;
}) {
  let body: ReactNode;
  if (error) {
    body = <LoadError message={error} onRetry={onRetry} />;
  } else if (loading && !option) {
    body = (
      <div style={{ height, display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
        <Spin />
      </div>
    );
  } else if (empty || !option) {
    body = (
      <div style={{ height, display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
        <EmptyState description="统计期间内暂无数据" />
      </div>
    );
  } else {
    body = (
      <Spin spinning={loading}>
        <EChart option={option} height={height} aria-label={label} data-testid={testId} />
      </Spin>
    );
  }
  return (
    <Card size="small" title={title} extra={extra} styles={{ body: { padding: 12 } }}>
      {body}
    </Card>
  );
}
