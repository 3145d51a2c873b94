import { useState } from 'react';
import { App, Form, Input, Modal } from 'antd';
import { resetPassword, type UserAccount } from '../../api/users';
import { showServerErrors } from '../../lib/formErrors';
import { FormProblems } from '../../components/FormProblems';

/** 重置密码 (administrators): a new password; the user's sessions end. */
export function ResetPassword({ account, onClose }: { account: UserAccount | null; onClose: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ new_password: string }>();
  const [error, setError] = useState<string | null>(null);

  const submit = async () => {
    if (!account) return;
    let values: { new_password: string };
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    try {
      await resetPassword(account.id, values.new_password);
      message.success(`${account.username} 的密码已重置`);
      onClose();
    } catch (e) {
      setError(showServerErrors(form, e, ['new_password']));
    }
  };

  return (
    <Modal
      open={account !== null}
      title={account ? `重置 ${account.username} 的密码` : ''}
      okText="重置"
      cancelText="取消"
      onOk={() => void submit()}
      onCancel={() => {
        setError(null);
        onClose();
      }}
      destroyOnHidden
    >
      <FormProblems messages={error} />
      <Form form={form} layout="vertical" name="user-reset" autoComplete="off">
        <Form.Item label="新密码" name="new_password" rules={[{ required: true }]} extra="至少 10 位, 不能包含用户名。">
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
