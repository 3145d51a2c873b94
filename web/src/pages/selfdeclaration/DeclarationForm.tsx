import { useState } from 'react';
import { App, Button, Form, Space } from 'antd';
import { SendOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { submitDeclaration } from '../../api/declarations';
import {
  buildCheckinBody,
  CHECKIN_ALIASES,
  fillFromIdNumber,
  isCheckinField,
  type CheckinFormValues,
} from '../../lib/checkin';
import { showServerErrors } from '../../lib/formErrors';
import { testId } from '../../lib/testId';
import { EmploymentSection } from '../desk/EmploymentSection';
import { PersonSection } from '../desk/PersonSection';
import { ResidenceSection } from '../desk/ResidenceSection';
import { UnitSelect } from './UnitSelect';
import { FormProblems } from '../../components/FormProblems';

/**
 * 个人居住信息申报: the declaration fields a clerk's desk has (the same sections), sent for
 * a clerk of the compound to confirm. Minors are added by the clerk at confirmation.
 */
export function DeclarationForm({ onSent, onCancel }: { onSent: () => void; onCancel: () => void }) {
  const { modal, message } = App.useApp();
  const [form] = Form.useForm<CheckinFormValues>();
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const idType = Form.useWatch(['person', 'id_type'], form) as string | undefined;

  const send = async (values: CheckinFormValues) => {
    setSending(true);
    setError(null);
    try {
      await submitDeclaration(buildCheckinBody(values, { channel: 'self_declared' }));
      message.success('申报已提交, 请等待小区管理处确认');
      onSent();
    } catch (e) {
      const nationalityShown = idType === 'passport' || idType === 'foreign_pr';
      setError(
        showServerErrors(form, e, (path) => isCheckinField(path, 0, nationalityShown), {
          aliases: CHECKIN_ALIASES,
        }),
      );
    } finally {
      setSending(false);
    }
  };

  const submit = async () => {
    let values: CheckinFormValues;
    try {
      values = await form.validateFields();
    } catch {
      setError('请按提示填写标红的项');
      return;
    }
    modal.confirm({
      title: '提交居住申报?',
      content: '提交后由小区管理处核对确认, 您可在本页查看办理结果。',
      okText: '提交',
      okButtonProps: testId('declare-confirm'),
      cancelText: '返回修改',
      onOk: () => send(values),
    });
  };

  return (
    <Form<CheckinFormValues>
      form={form}
      layout="vertical"
      name="self-declaration"
      initialValues={{ arrival_date: dayjs().format('YYYY-MM-DD') }}
      scrollToFirstError
      onValuesChange={(changed: Partial<CheckinFormValues>) => {
        if (!changed.person || !('id_number' in changed.person)) return;
        const found = fillFromIdNumber(changed.person.id_number, idType);
        if (found) form.setFieldsValue({ person: found.fill });
      }}
    >
      <FormProblems messages={error} />
      <ResidenceSection unitInput={<UnitSelect />} unitHint="输入所住楼栋或房号查找" />
      <PersonSection cardReader={null} cardWarnings={[]} onCloseCardWarnings={() => undefined} />
      <EmploymentSection />
      <Space>
        <Button type="primary" icon={<SendOutlined />} loading={sending} onClick={() => void submit()} data-testid="declare-submit">
          提交申报
        </Button>
        <Button onClick={onCancel}>取消</Button>
      </Space>
    </Form>
  );
}
