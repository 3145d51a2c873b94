import { useState } from 'react';
import { App, Col, Form, Input, Row } from 'antd';
import { registerEmployer } from '../../api/employers';
import { PlaceCascader } from '../../components/PlaceCascader';
import {
  buildEmployerBody,
  creditCodeRule,
  PHONE_MESSAGE,
  PHONE_PATTERN,
  type EmployerFormValues,
} from '../../lib/employer';
import { formProblems } from '../../lib/formErrors';
import { FormModal } from '../../components/FormModal';

const FIELDS = ['name', 'credit_code', 'place_path', 'address', 'contact_person', 'phone'];
const ALIASES = { place_id: ['place_path'] };

/** 企业登记: name, credit code, where it is registered, address and contact. */
export function RegisterEmployer({
  open,
  scopePlaceId,
  onClose,
  onRegistered,
}: {
  open: boolean;
  scopePlaceId: string | null;
  onClose: () => void;
  onRegistered: (employerId: string) => void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<EmployerFormValues>();
  const [errors, setErrors] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);

  const close = () => {
    form.resetFields();
    setErrors([]);
    onClose();
  };

  const submit = async (values: EmployerFormValues) => {
    setSaving(true);
    setErrors([]);
    try {
      const { employer_id } = await registerEmployer(buildEmployerBody(values));
      message.success(`已登记企业 ${(values.name ?? '').trim()}`);
      form.resetFields();
      onRegistered(employer_id);
    } catch (e) {
      setErrors(formProblems(form, e, FIELDS, { aliases: ALIASES }));
    } finally {
      setSaving(false);
    }
  };

  return (
    <FormModal
      open={open}
      title="企业登记"
      okText="登记"
      width={720}
      saving={saving}
      onOk={() => form.submit()}
      onCancel={close}
      saveTestId="employer-save"
      problems={errors}
    >
      <Form<EmployerFormValues>
        form={form}
        layout="vertical"
        name="employer"
        onFinish={(v) => void submit(v)}
        disabled={saving}
      >
        <Row gutter={16}>
          <Col span={14}>
            <Form.Item label="单位名称" name="name" rules={[{ required: true, whitespace: true }]}>
              <Input maxLength={200} data-testid="employer-name" />
            </Form.Item>
          </Col>
          <Col span={10}>
            <Form.Item label="统一社会信用代码" name="credit_code" rules={[creditCodeRule]}>
              <Input maxLength={22} data-testid="employer-credit-code" />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item
              label="所属地点"
              name="place_path"
              rules={[{ required: true }]}
              tooltip="企业登记到派出所、社区、小区或楼栋"
            >
              <PlaceCascader rootId={scopePlaceId} data-testid="employer-place" />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item label="单位地址" name="address">
              <Input maxLength={200} data-testid="employer-address" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item label="联系人" name="contact_person">
              <Input maxLength={200} data-testid="employer-contact" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              label="联系电话"
              name="phone"
              rules={[{ pattern: PHONE_PATTERN, message: PHONE_MESSAGE }]}
            >
              <Input maxLength={20} data-testid="employer-phone" />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </FormModal>
  );
}
