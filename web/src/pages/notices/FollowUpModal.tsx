import { useState } from 'react';
import { App, Form, Input, Radio, Typography } from 'antd';
import { followUpNotice, type Notice } from '../../api/notices';
import { formProblems } from '../../lib/formErrors';
import { hazardCategoryName } from '../../lib/housingLabels';
import { testId } from '../../lib/testId';
import { FormModal } from '../../components/FormModal';

interface Values {
  status: 'in_progress' | 'closed';
  note?: string;
}


/** 处理: what the department did, still in progress or closed (closing asks first). */
export function FollowUpModal({
  notice,
  onClose,
  onDone,
}: {
  notice: Notice | null;
  onClose: () => void;
  onDone: () => void;
}) {
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [errors, setErrors] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);

  const close = () => {
    setErrors([]);
    onClose();
  };

  const send = async (values: Values) => {
    if (!notice) return;
    setSaving(true);
    setErrors([]);
    try {
      await followUpNotice(notice.notice_id, values.status, (values.note ?? '').trim());
      message.success(values.status === 'closed' ? '隐患通知已办结' : '处理情况已记录');
      close();
      onDone();
    } catch (e) {
      setErrors(formProblems(form, e, ['note']));
    } finally {
      setSaving(false);
    }
  };

  const submit = (values: Values) => {
    if (values.status !== 'closed') {
      void send(values);
      return;
    }
    modal.confirm({
      title: '确认办结此隐患通知?',
      content: '办结后不能再记录处理情况。',
      okText: '确认办结',
      cancelText: '返回',
      okButtonProps: testId('notice-close-confirm'),
      onOk: () => send(values),
    });
  };

  return (
    <FormModal
      open={notice !== null}
      title="记录处理情况"
      okText="提交"
      saving={saving}
      onOk={() => form.submit()}
      onCancel={close}
      saveTestId="notice-follow-up-save"
      problems={errors}
    >
      {notice && (
        <Typography.Paragraph type="secondary">
          {hazardCategoryName(notice.category)} · {notice.archive_no}: {notice.description}
        </Typography.Paragraph>
      )}
      <Form<Values>
        form={form}
        layout="vertical"
        name="follow-up"
        initialValues={{ status: 'in_progress' }}
        onFinish={submit}
        disabled={saving}
        preserve={false}
      >
        <Form.Item label="处理结果" name="status" rules={[{ required: true }]}>
          <Radio.Group data-testid="notice-follow-up-status">
            <Radio value="in_progress">处理中 (仍需跟进)</Radio>
            <Radio value="closed" data-testid="notice-follow-up-closed">
              已办结
            </Radio>
          </Radio.Group>
        </Form.Item>
        <Form.Item label="处理情况" name="note" rules={[{ required: true, whitespace: true }]}>
          <Input.TextArea rows={4} maxLength={1000} showCount data-testid="notice-follow-up-note" />
        </Form.Item>
      </Form>
    </FormModal>
  );
}
