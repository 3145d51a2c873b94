import { useMemo } from 'react';
import { Timeline, Typography } from 'antd';
import type { HouseEvent } from '../../api/houses';
import { EmptyState, LoadError, PageLoading } from '../../components/PageState';
import { formatDateTime } from '../../lib/format';
import { historyLines } from '../../lib/houseHistory';

const COLORS: Record<string, string> = {
  'liudong.house.cancelled': 'red',
  'liudong.house.restored': 'green',
  'liudong.inspection.recorded': 'orange',
};

/** 变更记录: every change of the house, its rentals, inspections and notices, newest first. */
export function HistorySection({
  events,
  loading,
  error,
  onRetry,
  coordinatorName,
}: {
  events: HouseEvent[] | undefined;
  loading: boolean;
  error: string | null;
  onRetry: () => void;
  coordinatorName: (id: string) => string | undefined;
}) {
  const lines = useMemo(
    () => (events ? historyLines(events, coordinatorName).reverse() : []),
    [events, coordinatorName],
  );
  if (error) return <LoadError message={error} onRetry={onRetry} />;
  if (loading && !events) return <PageLoading />;
  if (lines.length === 0) return <EmptyState description="暂无变更记录" />;
  return (
    <div data-testid="house-history">
      <Timeline
        items={lines.map((line) => ({
          key: line.key,
          color: COLORS[line.type] ?? 'blue',
          children: (
            <div data-testid="house-history-entry">
              <Typography.Text strong>{line.title}</Typography.Text>
              <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
                {formatDateTime(line.at)}
                {line.who ? ` · ${line.who}` : ''}
              </Typography.Text>
              {line.detail && <div>{line.detail}</div>}
            </div>
          ),
        }))}
      />
    </div>
  );
}
