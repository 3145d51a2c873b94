import { lazy, Suspense, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { AuthProvider } from './auth/AuthProvider';
import { RequireAuth, RequirePage } from './auth/RequireAuth';
import { useAuth } from './auth/context';
import { homePath, type PageKey } from './auth/access';
import { ErrorBoundary } from './components/ErrorBoundary';
import { PageLoading } from './components/PageState';

dayjs.locale('zh-cn');

// Every route is its own chunk: the first load carries only the frame.
const LoginPage = lazy(() => import('./pages/login/LoginPage'));
const AppLayout = lazy(() => import('./layout/AppLayout'));
const DeskPage = lazy(() => import('./pages/desk/DeskPage'));
const SearchPage = lazy(() => import('./pages/search/SearchPage'));
const DeclarationsPage = lazy(() => import('./pages/declarations/DeclarationsPage'));
const ImportPage = lazy(() => import('./pages/imports/ImportPage'));
const HousesPage = lazy(() => import('./pages/houses/HousesPage'));
const HousePage = lazy(() => import('./pages/houses/HousePage'));
const UnitPage = lazy(() => import('./pages/houses/UnitPage'));
const CompoundsPage = lazy(() => import('./pages/compounds/CompoundsPage'));
const CoordinatorsPage = lazy(() => import('./pages/coordinators/CoordinatorsPage'));
const EmployersPage = lazy(() => import('./pages/employers/EmployersPage'));
const EmployerPage = lazy(() => import('./pages/employers/EmployerPage'));
const NoticesPage = lazy(() => import('./pages/notices/NoticesPage'));
const StatsPage = lazy(() => import('./pages/stats/StatsPage'));
const TodoPage = lazy(() => import('./pages/todo/TodoPage'));
const UsersPage = lazy(() => import('./pages/users/UsersPage'));
const AuditPage = lazy(() => import('./pages/audit/AuditPage'));
const SelfDeclarationPage = lazy(() => import('./pages/selfdeclaration/SelfDeclarationPage'));
const BigScreenPage = lazy(() => import('./pages/bigscreen/BigScreenPage'));
const WelcomePage = lazy(() => import('./pages/home/WelcomePage'));
const NotFoundPage = lazy(() => import('./pages/home/NotFoundPage'));

// The pages inside the frame: a path, the page whose roles may open it, what it shows.
const FRAMED: readonly { path: string; page: PageKey; element: ReactNode }[] = [
  { path: 'desk', page: 'desk', element: <DeskPage /> },
  { path: 'search', page: 'search', element: <SearchPage /> },
  { path: 'declarations', page: 'declarations', element: <DeclarationsPage /> },
  { path: 'imports', page: 'imports', element: <ImportPage /> },
  { path: 'houses', page: 'houses', element: <HousesPage /> },
  { path: 'houses/:houseId', page: 'houses', element: <HousePage /> },
  { path: 'units/:unitId', page: 'houses', element: <UnitPage /> },
  { path: 'compounds', page: 'compounds', element: <CompoundsPage /> },
  { path: 'coordinators', page: 'coordinators', element: <CoordinatorsPage /> },
  { path: 'employers', page: 'employers', element: <EmployersPage /> },
  { path: 'employers/:employerId', page: 'employers', element: <EmployerPage /> },
  { path: 'notices', page: 'notices', element: <NoticesPage /> },
  { path: 'stats', page: 'stats', element: <StatsPage /> },
  { path: 'todo', page: 'todo', element: <TodoPage /> },
  { path: 'users', page: 'users', element: <UsersPage /> },
  { path: 'audit', page: 'audit', element: <AuditPage /> },
  { path: 'my-declarations', page: 'selfDeclaration', element: <SelfDeclarationPage /> },
];

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
                    {FRAMED.map(({ path, page, element }) => (
                      <Route
                        key={path}
                        path={path}
                        element={<RequirePage page={page}>{element}</RequirePage>}
                      />
                    ))}
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
