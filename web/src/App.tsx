import { lazy, Suspense } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { AuthProvider } from './auth/AuthProvider';
import { RequireAuth, RequirePage } from './auth/RequireAuth';
import { useAuth } from './auth/context';
import { homePath } from './auth/access';
import { ErrorBoundary } from './components/ErrorBoundary';
import { PageLoading } from './components/PageState';

dayjs.locale('zh-cn');

// Every route is its own chunk: the first load carries only the frame.
const LoginPage = lazy(() => import('./pages/login/LoginPage'));
const AppLayout = lazy(() => import('./layout/AppLayout'));
const DeskPage = lazy(() => import('./pages/desk/DeskPage'));
const SearchPage = lazy(() => import('./pages/search/SearchPage'));
const TodoPage = lazy(() => import('./pages/todo/TodoPage'));
const StatsPage = lazy(() => import('./pages/stats/StatsPage'));
const ImportPage = lazy(() => import('./pages/imports/ImportPage'));
const BigScreenPage = lazy(() => import('./pages/bigscreen/BigScreenPage'));
const WelcomePage = lazy(() => import('./pages/home/WelcomePage'));
const NotFoundPage = lazy(() => import('./pages/home/NotFoundPage'));

function Home() {
  const { user } = useAuth();
  return <Navigate to={user ? homePath(user.role) : '/login'} replace />;
}

export function App() {
  return (
    <ConfigProvider
      locale={zhCN}
      theme={{
        token: { borderRadius: 4 },
        // Denser forms: a clerk's screen is 1366×768 and the desk has some 40 fields.
        components: { Form: { itemMarginBottom: 16, verticalLabelPadding: '0 0 4px' } },
      }}
      form={{ validateMessages: { required: '${label}, 必须录入, 不能为空!' } }}
    >
      <AntApp>
        <BrowserRouter>
          <AuthProvider>
            <ErrorBoundary>
              <Suspense fallback={<PageLoading />}>
                <Routes>
                  <Route path="/login" element={<LoginPage />} />
                  {/* The big screen fills a wall display: no menu, no header. */}
                  <Route
                    path="/bigscreen"
                    element={
                      <RequireAuth>
                        <RequirePage page="bigscreen">
                          <BigScreenPage />
                        </RequirePage>
                      </RequireAuth>
                    }
                  />
                  <Route
                    element={
                      <RequireAuth>
                        <AppLayout />
                      </RequireAuth>
                    }
                  >
                    <Route index element={<Home />} />
                    <Route
                      path="desk"
                      element={
                        <RequirePage page="desk">
                          <DeskPage />
                        </RequirePage>
                      }
                    />
                    <Route
                      path="search"
                      element={
                        <RequirePage page="search">
                          <SearchPage />
                        </RequirePage>
                      }
                    />
                    <Route
                      path="stats"
                      element={
                        <RequirePage page="stats">
                          <StatsPage />
                        </RequirePage>
                      }
                    />
                    <Route
                      path="imports"
                      element={
                        <RequirePage page="imports">
                          <ImportPage />
                        </RequirePage>
                      }
                    />
                    <Route
                      path="todo"
                      element={
                        <RequirePage page="todo">
                          <TodoPage />
                        </RequirePage>
                      }
                    />
                    <Route path="welcome" element={<WelcomePage />} />
                    <Route path="*" element={<NotFoundPage />} />
                  </Route>
                </Routes>
              </Suspense>
            </ErrorBoundary>
          </AuthProvider>
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  );
}
