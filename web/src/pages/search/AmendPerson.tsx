import { useState } from 'react';
import { App, Button, Col, Form, Input, Modal, Row } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { amendPerson, type PersonRecord } from '../../api/persons';
import { CodeSelect } from '../../components/CodeSelect';
import { DateInput } from '../../components/DateInput';
import {
  AMENDABLE,
  amendmentBody,
  amendmentStart,
  changedNames,
  type AmendmentValues,
} from '../../lib/amendment';
import { showServerErrors } from '../../lib/formErrors';
import { testId } from '../../lib/testId';
import { FormProblems } from '../../components/FormProblems';

const CODED = [
  ['hukou_type', '户口性质'],
  ['marital_status', '婚姻状况'],
  ['political_status', '政治面貌'],
  ['education', '学历'],
  ['military_service', '服兵役情况'],
] as const;

/**
 * 修改: the person's fields in a form, only the changed ones sent after a confirmation,
 * with the reason (更正原因) the timeline keeps. The server's 422s show beside their fields.
 */
export function AmendPerson({ record, onDone }: { record: PersonRecord; onDone: () => void }) {
  const { modal, message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<AmendmentValues>();
  const start = amendmentStart(record);

  const send = async (body: Record<string, string | null>) => {
    try {
      await amendPerson(record.person_id, body);
      message.success('已更正');
      setOpen(false);
      onDone();
    } catch (e) {
      setError(showServerErrors(form, e, [...AMENDABLE, 'reason']));
    }
  };

  const submit = async () => {
    let values: AmendmentValues;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    const body = amendmentBody(start, values);
    if (!body) {
      setError('没有修改任何项');
      return;
    }
    modal.confirm({
      title: '确认更正此人信息?',
      content: `将更正: ${changedNames(body)}。原信息保留在变更记录中。`,
      okText: '确认更正',
      okButtonProps: testId('amend-confirm'),
      cancelText: '返回',
      onOk: () => send(body),
    });
  };

  return (
    <>
      <Button
        size="small"
        icon={<EditOutlined />}
        onClick={() => {
          setError(null);
          setOpen(true);
        }}
        data-testid="person-amend"
      >
        修改
      </Button>
      <Modal
        open={open}
        title={`修改 ${record.name} 的信息`}
        width={760}
        okText="提交"
        cancelText="取消"
        onOk={() => void submit()}
        onCancel={() => setOpen(false)}
        okButtonProps={testId('amend-submit')}
        destroyOnHidden
      >
        <FormProblems messages={error} />
        <Form<AmendmentValues> form={form} layout="vertical" initialValues={start} name="amend-person">
          <Row gutter={12}>
            <Col span={8}>
              <Form.Item label="姓名" name="name" rules={[{ required: true, whitespace: true }]}>
                <Input maxLength={60} data-testid="amend-name" />
              </Form.Item>
            </Col>
            <Col span={10}>
              <Form.Item label="证件号码" name="id_number" rules={[{ required: true, whitespace: true }]}>
                <Input maxLength={32} data-testid="amend-id-number" />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item label="性别" name="sex" rules={[{ required: true }]}>
                <CodeSelect table="sex" only={['1', '2']} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item label="民族" name="ethnicity" rules={[{ required: true }]}>
                <CodeSelect table="ethnicity" />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item label="出生日期" name="birth_date" rules={[{ required: true }]}>
                <DateInput notAfterToday />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item label="联系方式" name="phone">
                <Input maxLength={20} data-testid="amend-phone" />
              </Form.Item>
            </Col>
            <Col span={24}>
              <Form.Item label="户籍地址" name="hukou_address">
                <Input maxLength={200} />
              </Form.Item>
            </Col>
            {CODED.map(([field, label]) => (
              <Col span={8} key={field}>
                <Form.Item label={label} name={field}>
                  <CodeSelect table={field} allowClear />
                </Form.Item>
              </Col>
            ))}
            <Col span={24}>
              <Form.Item label="更正原因" name="reason" rules={[{ required: true, whitespace: true }]}>
                <Input.TextArea rows={2} maxLength={200} showCount data-testid="amend-reason" />
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </Modal>
    </>
  );
}
