import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { Button, Result } from 'antd';
import { PageLoading } from '../components/PageState';
import { mayOpen, type PageKey } from './access';
import { useAuth } from './context';

/** Its children for a logged-in user; the login page otherwise. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { user, status, error, retry } = useAuth();
  const location = useLocation();
  if (status === 'loading') return <PageLoading tip="正在验证登录…" />;
  if (status === 'error') {
    return (
      <Result
        status="warning"
        title="无法连接服务器"
        subTitle={error ?? undefined}
        extra={
          <Button type="primary" onClick={retry}>
            重试
          </Button>
        }
      />
    );
  }
  if (!user) {
    return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  }
  return <>{children}</>;
}

/** A page only the roles allowed to open it see. */
export function RequirePage({ page, children }: { page: PageKey; children: ReactNode }) {
  const { user } = useAuth();
  if (!user || !mayOpen(user.role, page)) {
    return <Result status="403" title="无权访问" subTitle="当前角色不能使用此功能。" />;
  }
  return <>{children}</>;
}
