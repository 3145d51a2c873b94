import { useEffect, useMemo, useState } from 'react';
import { App, Button, Input, Space, Table, Tag } from 'antd';
import type { TableProps } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { messageOf } from '../../api/client';
import { listUsers, updateUser, type UserAccount } from '../../api/users';
import { useUser } from '../../auth/context';
import { EmptyState, LoadError } from '../../components/PageState';
import { PlaceName } from '../../components/PlaceName';
import { DEPARTMENT_NAMES } from '../../lib/housingLabels';
import { roleName } from '../../lib/labels';
import { CreateUser } from './UserForm';
import { EditUser } from './EditUser';
import { ResetPassword } from './ResetPassword';
import { testId } from '../../lib/testId';

/** 用户管理: the users below one's own role and scope; create, change, disable, reset. */
export default function UsersPage() {
  const user = useUser();
  const { modal, message } = App.useApp();
  const [items, setItems] = useState<UserAccount[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<UserAccount | null>(null);
  const [resetting, setResetting] = useState<UserAccount | null>(null);
  const [filter, setFilter] = useState('');

  useEffect(() => {
    const controller = new AbortController();
    listUsers(controller.signal)
      .then((answer) => {
        setItems(answer.items);
        setError(null);
      })
      .catch((e: unknown) => !controller.signal.aborted && setError(messageOf(e)));
    return () => controller.abort();
  }, [reload]);

  const refresh = () => setReload((n) => n + 1);
  const shown = useMemo(() => {
    const text = filter.trim().toLowerCase();
    const all = (items ?? []).filter((a) => a.id !== user.id);
    return text ? all.filter((a) => a.username.toLowerCase().includes(text)) : all;
  }, [items, filter, user.id]);

  const toggle = (account: UserAccount) =>
    modal.confirm({
      title: account.disabled ? `启用用户 ${account.username}?` : `停用用户 ${account.username}?`,
      content: account.disabled ? '启用后该用户可以重新登录。' : '停用后该用户立即退出登录, 且不能再登录。',
      okText: account.disabled ? '启用' : '停用',
      okButtonProps: testId('user-toggle-ok', { danger: !account.disabled }),
      cancelText: '返回',
      onOk: async () => {
        try {
          await updateUser(account.id, { disabled: !account.disabled });
          message.success(account.disabled ? '已启用' : '已停用');
          refresh();
        } catch (e) {
          message.error(messageOf(e));
        }
      },
    });

  const columns: TableProps<UserAccount>['columns'] = [
    { title: '用户名', dataIndex: 'username', key: 'username', width: 160 },
    { title: '角色', key: 'role', width: 120, render: (_: unknown, a) => roleName(a.role) },
    {
      title: '管辖范围',
      key: 'scope',
      render: (_: unknown, a) => (a.scope_place_id ? <PlaceName id={a.scope_place_id} from={0} /> : '全部'),
    },
    {
      title: '所属部门',
      key: 'department',
      width: 90,
      render: (_: unknown, a) => (a.department ? DEPARTMENT_NAMES[a.department] : '—'),
    },
    {
      title: '状态',
      key: 'disabled',
      width: 80,
      render: (_: unknown, a) => (a.disabled ? <Tag color="red">已停用</Tag> : <Tag color="green">正常</Tag>),
    },
    {
      title: '操作',
      key: 'actions',
      width: 220,
      render: (_: unknown, a) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setEditing(a)} data-testid="user-edit">
            修改
          </Button>
          <Button type="link" size="small" danger={!a.disabled} onClick={() => toggle(a)} data-testid="user-toggle">
            {a.disabled ? '启用' : '停用'}
          </Button>
          {user.role === 'admin' && (
            <Button type="link" size="small" onClick={() => setResetting(a)} data-testid="user-reset">
              重置密码
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <>
      <Space style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }}>
        <Input.Search
          allowClear
          placeholder="按用户名筛选"
          style={{ width: 240 }}
          onChange={(e) => setFilter(e.target.value)}
          data-testid="user-filter"
        />
        <Space>
          <Button icon={<ReloadOutlined />} onClick={refresh}>
            刷新
          </Button>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="user-create">
            新建用户
          </Button>
        </Space>
      </Space>
      {error ? (
        <LoadError message={error} onRetry={refresh} />
      ) : (
        <Table<UserAccount>
          rowKey="id"
          size="middle"
          loading={items === null}
          columns={columns}
          dataSource={shown}
          scroll={{ x: 900 }}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (n) => `共 ${n} 个用户` }}
          onRow={() => ({ 'data-testid': 'user-row' }) as React.HTMLAttributes<HTMLElement>}
          locale={{
            emptyText: (
              <EmptyState description={filter ? '没有符合条件的用户' : '您管辖范围内还没有其他用户'} />
            ),
          }}
        />
      )}
      <CreateUser
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={() => {
          setCreating(false);
          refresh();
        }}
      />
      <EditUser
        account={editing}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          refresh();
        }}
      />
      <ResetPassword account={resetting} onClose={() => setResetting(null)} />
    </>
  );
}
