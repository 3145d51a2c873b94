import { useEffect, useState } from 'react';
import { App, Form, Modal, Select, Typography } from 'antd';
import { getPlace } from '../../api/places';
import { updateUser, type UserAccount, type UserUpdate } from '../../api/users';
import { useUser } from '../../auth/context';
import { PlaceCascader } from '../../components/PlaceCascader';
import { showServerErrors } from '../../lib/formErrors';
import type { Department } from '../../lib/housingLabels';
import { roleName, type Role } from '../../lib/labels';
import { grantableRoles, needsScope } from '../../lib/users';
import { DEPARTMENT_OPTIONS } from './UserForm';
import { testId } from '../../lib/testId';
import { FormProblems } from '../../components/FormProblems';

interface Values {
  role?: Role;
  scope?: string[];
  department?: Department;
}

/** The path below the manager's scope to the user's place, for the cascader to show. */
async function scopeValue(placeId: string | null, managerScope: string | null): Promise<string[]> {
  if (!placeId) return [];
  const place = await getPlace(placeId);
  const ids = place.path.map((step) => step.id);
  const below = managerScope ? ids.slice(ids.indexOf(managerScope) + 1) : ids;
  return below;
}

/** 修改: a user's role, scope and department; their sessions end when these change. */
export function EditUser({
  account,
  onClose,
  onSaved,
}: {
  account: UserAccount | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const user = useUser();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [start, setStart] = useState<Values | null>(null);
  const role = Form.useWatch('role', form);

  useEffect(() => {
    setStart(null);
    setError(null);
    if (!account) return;
    let live = true;
    scopeValue(account.scope_place_id, user.scope_place_id)
      .catch(() => [])
      .then((scope) => {
        if (live) setStart({ role: account.role, scope, department: account.department ?? undefined });
      });
    return () => {
      live = false;
    };
  }, [account, user.scope_place_id]);

  const submit = async () => {
    if (!account) return;
    let values: Values;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    const body: UserUpdate = {
      role: values.role,
      scope_place_id: values.scope?.length ? values.scope[values.scope.length - 1] : null,
      department: values.role === 'department' ? (values.department ?? null) : null,
    };
    try {
      await updateUser(account.id, body);
      message.success('已保存; 该用户需重新登录');
      onSaved();
    } catch (e) {
      setError(showServerErrors(form, e, ['role', 'scope', 'department'], {
          aliases: { scope_place_id: ['scope'] },
        }));
    }
  };

  return (
    <Modal
      open={account !== null}
      title={account ? `修改用户 ${account.username}` : ''}
      okText="保存"
      cancelText="取消"
      onOk={() => void submit()}
      onCancel={onClose}
      okButtonProps={testId('user-edit-ok', { disabled: !start })}
      destroyOnHidden
    >
      <FormProblems messages={error} />
      <Typography.Paragraph type="secondary">修改角色或范围后, 该用户会被要求重新登录。</Typography.Paragraph>
      {start && (
        <Form form={form} layout="vertical" name="user-edit" initialValues={start}>
          <Form.Item label="角色" name="role" rules={[{ required: true }]}>
            <Select options={grantableRoles(user.role).map((r) => ({ value: r, label: roleName(r) }))} />
          </Form.Item>
          {role === 'department' && (
            <Form.Item label="所属部门" name="department" rules={[{ required: true }]}>
              <Select options={DEPARTMENT_OPTIONS} />
            </Form.Item>
          )}
          <Form.Item label="管辖范围" name="scope" rules={[{ required: needsScope(role) }]}>
            <PlaceCascader rootId={user.scope_place_id} placeholder="选择地点 (任一级)" />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
