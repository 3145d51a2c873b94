import { useState } from 'react';
import { App, Form, Input, Select } from 'antd';
import { createUser, type UserAccount } from '../../api/users';
import { useUser } from '../../auth/context';
import { PlaceCascader } from '../../components/PlaceCascader';
import { showServerErrors } from '../../lib/formErrors';
import { DEPARTMENT_NAMES, optionsOf } from '../../lib/housingLabels';
import { roleName } from '../../lib/labels';
import { grantableRoles, needsScope, userCreateBody, type UserFormValues } from '../../lib/users';
import { sameAs } from '../../lib/formRules';
import { FormModal } from '../../components/FormModal';

const FIELDS = ['username', 'password', 'role', 'scope', 'department'];
const ALIASES = { scope_place_id: ['scope'] };

export const DEPARTMENT_OPTIONS = optionsOf(DEPARTMENT_NAMES);

/** 新建用户: name, first password, a role weaker than one's own, the place it covers. */
export function CreateUser({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (account: UserAccount) => void;
}) {
  const user = useUser();
  const { message } = App.useApp();
  const [form] = Form.useForm<UserFormValues & { repeat?: string }>();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const role = Form.useWatch('role', form);

  const submit = async () => {
    let values: UserFormValues;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    setError(null);
    try {
      const account = await createUser(userCreateBody(values));
      message.success(`用户 ${account.username} 已创建`);
      onCreated(account);
    } catch (e) {
      setError(showServerErrors(form, e, FIELDS, { aliases: ALIASES }));
    } finally {
      setSaving(false);
    }
  };

  return (
    <FormModal
      open={open}
      title="新建用户"
      okText="创建"
      saving={saving}
      onOk={() => void submit()}
      onCancel={onClose}
      saveTestId="user-create-ok"
      problems={error}
    >
      <Form form={form} layout="vertical" name="user-create" autoComplete="off">
        <Form.Item
          label="用户名"
          name="username"
          rules={[
            { required: true, whitespace: true },
            { pattern: /^[\w.@-]{2,60}$/, message: '用户名为 2–60 位字母、数字或 . @ - _' },
          ]}
        >
          <Input data-testid="user-username" autoComplete="off" />
        </Form.Item>
        <Form.Item label="初始密码" name="password" rules={[{ required: true }]} extra="至少 10 位, 不能包含用户名; 用户登录后可自行修改。">
          <Input.Password data-testid="user-password" autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          label="确认密码"
          name="repeat"
          dependencies={['password']}
          rules={[
            { required: true },
            sameAs('password'),
          ]}
        >
          <Input.Password data-testid="user-password-repeat" autoComplete="new-password" />
        </Form.Item>
        <Form.Item label="角色" name="role" rules={[{ required: true }]}>
          <Select
            data-testid="user-role"
            options={grantableRoles(user.role).map((r) => ({ value: r, label: roleName(r) }))}
          />
        </Form.Item>
        {role === 'department' && (
          <Form.Item label="所属部门" name="department" rules={[{ required: true }]}>
            <Select options={DEPARTMENT_OPTIONS} data-testid="user-department" />
          </Form.Item>
        )}
        <Form.Item
          label="管辖范围"
          name="scope"
          rules={[{ required: needsScope(role) }]}
          extra={needsScope(role) ? '用户只能看到和办理该地点及其下级的事务。' : '不选则管理整个系统。'}
        >
          <PlaceCascader rootId={user.scope_place_id} data-testid="user-scope" placeholder="选择地点 (任一级)" />
        </Form.Item>
      </Form>
    </FormModal>
  );
}
