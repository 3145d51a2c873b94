import { Component, type ErrorInfo, type ReactNode } from 'react';
import { Button, Result } from 'antd';

interface State {
  error: Error | null;
}

/** A page that fails to load (a chunk gone after an update) or to draw says so. */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(error, info.componentStack);
  }

  render() {
    if (this.state.error) {
      const chunk = /dynamically imported module|Loading chunk|Importing a module script/i.test(
        this.state.error.message,
      );
      return (
        <Result
          status="error"
          title={chunk ? '页面已更新, 请刷新后继续' : '页面出错了'}
          subTitle={chunk ? undefined : this.state.error.message}
          extra={
            <Button type="primary" onClick={() => window.location.reload()}>
              刷新页面
            </Button>
          }
        />
      );
    }
    return this.props.children;
  }
}
