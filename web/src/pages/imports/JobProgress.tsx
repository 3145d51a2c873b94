import { Progress, Typography } from 'antd';
import { progressText, type JobState } from '../../lib/importJob';

/** How far the running check or import is: its stage in words and a bar. */
export function JobProgress({ job, percent, title }: { job: JobState; percent: number; title: string }) {
  return (
    <div data-testid="import-progress" role="status" aria-live="polite" style={{ margin: '16px 0' }}>
      <Typography.Text strong>{title}: </Typography.Text>
      <Typography.Text data-testid="import-stage">{progressText(job)}</Typography.Text>
      <Progress percent={percent} status="active" />
    </div>
  );
}
