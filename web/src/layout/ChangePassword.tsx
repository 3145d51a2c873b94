import { useState } from 'react';
import { App, Button, Form, Input } from 'antd';
import { KeyOutlined } from '@ant-design/icons';
import { changeOwnPassword } from '../api/users';
import { useAuth } from '../auth/context';
import { showServerErrors } from '../lib/formErrors';
import { sameAs } from '../lib/formRules';
import { FormModal } from '../components/FormModal';

interface Values {
  current_password: string;
  new_password: string;
  repeat: string;
}

/** 修改密码: one's own; every session ends with it, so the user logs in again. */
export function ChangePassword() {
  const { logout } = useAuth();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<Values>();

  const submit = async () => {
    let values: Values;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    setError(null);
    try {
      await changeOwnPassword(values.current_password, values.new_password);
      setOpen(false);
      message.success('密码已修改, 请用新密码重新登录');
      await logout();
    } catch (e) {
      setError(showServerErrors(form, e, ['current_password', 'new_password']));
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      <Button size="small" icon={<KeyOutlined />} onClick={() => setOpen(true)} data-testid="change-password">
        修改密码
      </Button>
      <FormModal
        open={open}
        title="修改密码"
        okText="修改"
        saving={saving}
        onOk={() => void submit()}
        onCancel={() => {
          setError(null);
          setOpen(false);
        }}
        problems={error}
      >
        <Form form={form} layout="vertical" name="change-password" autoComplete="off">
          <Form.Item label="原密码" name="current_password" rules={[{ required: true }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Form.Item label="新密码" name="new_password" rules={[{ required: true }]} extra="至少 10 位, 不能包含用户名。">
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            label="确认新密码"
            name="repeat"
            dependencies={['new_password']}
            rules={[
              { required: true },
              sameAs('new_password'),
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        </Form>
      </FormModal>
    </>
  );
}
