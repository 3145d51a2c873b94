import { Suspense, useMemo, useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { Button, Layout, Menu, Space, Typography } from 'antd';
import type { MenuProps } from 'antd';
import {
  AlertOutlined,
  AuditOutlined,
  BankOutlined,
  BarChartOutlined,
  CheckSquareOutlined,
  DesktopOutlined,
  FileTextOutlined,
  FormOutlined,
  HomeOutlined,
  IdcardOutlined,
  LogoutOutlined,
  SearchOutlined,
  ScheduleOutlined,
  ShopOutlined,
  TeamOutlined,
  UploadOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { menuFor, PAGE_PATHS, PAGE_TITLES, type PageKey } from '../auth/access';
import { useAuth, useUser } from '../auth/context';
import { roleName } from '../lib/labels';
import { ErrorBoundary } from '../components/ErrorBoundary';
import { PageLoading } from '../components/PageState';
import { ChangePassword } from './ChangePassword';

const ICONS: Record<PageKey, React.ReactNode> = {
  desk: <FormOutlined />,
  search: <SearchOutlined />,
  declarations: <CheckSquareOutlined />,
  imports: <UploadOutlined />,
  houses: <HomeOutlined />,
  compounds: <BankOutlined />,
  coordinators: <IdcardOutlined />,
  employers: <ShopOutlined />,
  notices: <AlertOutlined />,
  stats: <BarChartOutlined />,
  bigscreen: <DesktopOutlined />,
  todo: <ScheduleOutlined />,
  users: <TeamOutlined />,
  audit: <AuditOutlined />,
  selfDeclaration: <FileTextOutlined />,
};

// Pages reached from another page's list light up that list's menu entry.
const SECTION_OF: Record<string, string> = { '/units': PAGE_PATHS.houses };

/** The frame of every page after login: the menu of the user's role, who is logged in. */
export default function AppLayout() {
  const user = useUser();
  const { logout } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [collapsed, setCollapsed] = useState(false);
  const [leaving, setLeaving] = useState(false);

  const items = useMemo<MenuProps['items']>(
    () =>
      menuFor(user.role).map((group) => ({
        type: 'group' as const,
        key: group.title,
        label: collapsed ? null : group.title,
        children: group.pages.map((page) => ({
          key: PAGE_PATHS[page],
          icon: ICONS[page],
          label: PAGE_TITLES[page],
        })),
      })),
    [user.role, collapsed],
  );
  const section = '/' + (location.pathname.split('/')[1] ?? '');
  const selected = SECTION_OF[section] ?? section;

  return (
    <Layout style={{ height: '100vh' }}>
      <Layout.Sider
        collapsible
        collapsed={collapsed}
        onCollapse={setCollapsed}
        width={184}
        collapsedWidth={56}
        breakpoint="lg"
        theme="dark"
      >
        <div
          style={{
            color: '#fff',
            height: 48,
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'center',
            fontWeight: 600,
            fontSize: collapsed ? 14 : 16,
            letterSpacing: 1,
          }}
        >
          {collapsed ? '流动' : '流动人口登记'}
        </div>
        <nav aria-label="主菜单" style={{ height: 'calc(100vh - 96px)', overflowY: 'auto' }}>
          <Menu
            theme="dark"
            mode="inline"
            selectedKeys={[selected]}
            items={items}
            onClick={({ key }) => navigate(key)}
          />
        </nav>
      </Layout.Sider>
      <Layout style={{ minWidth: 0 }}>
        <Layout.Header
          style={{
            background: '#fff',
            height: 48,
            lineHeight: '48px',
            padding: '0 16px',
            display: 'flex',
            justifyContent: 'space-between',
            alignItems: 'center',
            borderBottom: '1px solid #f0f0f0',
          }}
        >
          <Typography.Text strong style={{ fontSize: 16 }}>
            流动人口居住登记
          </Typography.Text>
          <Space size="middle">
            <span data-testid="current-user">
              <UserOutlined /> {user.username}
            </span>
            <Typography.Text type="secondary" data-testid="current-role">
              {roleName(user.role)}
            </Typography.Text>
            <ChangePassword />
            <Button
              size="small"
              icon={<LogoutOutlined />}
              loading={leaving}
              data-testid="logout"
              onClick={() => {
                setLeaving(true);
                void logout().finally(() => setLeaving(false));
              }}
            >
              退出
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ overflow: 'auto' }} id="main-content">
          <main style={{ padding: 16 }}>
            <ErrorBoundary key={location.pathname}>
              <Suspense fallback={<PageLoading />}>
                <Outlet />
              </Suspense>
            </ErrorBoundary>
          </main>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
