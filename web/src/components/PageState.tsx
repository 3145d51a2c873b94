import { Alert, Button, Empty, Spin } from 'antd';
import type { ReactNode } from 'react';

export function PageLoading({ tip = '加载中…' }: { tip?: string }) {
  return (
    <div
      style={{ display: 'flex', justifyContent: 'center', alignItems: 'center', padding: 64 }}
      role="status"
      aria-live="polite"
    >
      <Spin size="large" />
      <span style={{ marginLeft: 12, color: 'rgba(0,0,0,0.55)' }}>{tip}</span>
    </div>
  );
}

export function LoadError({
  message,
  onRetry,
  title = '加载失败',
}: {
  message: string;
  onRetry?: () => void;
  title?: string;
}) {
  return (
    <Alert
      type="error"
      showIcon
      message={title}
      description={message}
      action={
        onRetry ? (
          <Button size="small" onClick={onRetry}>
            重试
          </Button>
        ) : undefined
      }
    />
  );
}

export function EmptyState({ description, children }: { description: ReactNode; children?: ReactNode }) {
  return (
    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={description}>
      {children}
    </Empty>
  );
}
