import { useState } from 'react';
import { App, Button, Col, Form, Input, InputNumber, Row } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { fileRental } from '../../api/houses';
import { DateInput } from '../../components/DateInput';
import { PHONE_PATTERN } from '../../lib/houseForm';
import {
  buildRentalBody,
  isRentalField,
  termProblem,
  type RentalFormValues,
} from '../../lib/houseRental';
import { formProblems } from '../../lib/formErrors';
import { FormModal } from '../../components/FormModal';

const MAX_TENANTS = 50;

/** 租赁合同备案: the tenants, the term and the monthly rent. */
export function RentalFormModal({
  houseId,
  archiveNo,
  onClose,
  onFiled,
}: {
  houseId: string;
  archiveNo: string;
  onClose: () => void;
  onFiled: () => void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<RentalFormValues>();
  const [saving, setSaving] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);

  const save = async (values: RentalFormValues) => {
    setSaving(true);
    setProblems([]);
    try {
      await fileRental(houseId, buildRentalBody(values));
      message.success('租赁合同已备案');
      onFiled();
    } catch (e) {
      const count = (values.tenants ?? []).length;
      setProblems(formProblems(form, e, (p) => isRentalField(p, count)));
    } finally {
      setSaving(false);
    }
  };

  return (
    <FormModal
      open
      title={`租赁合同备案 ${archiveNo}`}
      width={860}
      okText="备案"
      onOk={() => form.submit()}
      onCancel={onClose}
      saving={saving}
      saveTestId="rental-save"
      maskClosable={false}
      problems={problems}
    >
      <div data-testid="rental-form">
        <Form<RentalFormValues>
          form={form}
          name="rental"
          layout="vertical"
          initialValues={{ tenants: [{}] }}
          onFinish={(values) => void save(values)}
          onValuesChange={() => problems.length > 0 && setProblems([])}
        >
          <Row gutter={16}>
            <Col xs={24} sm={8}>
              <Form.Item label="起租日期" name="start_date" rules={[{ required: true }]}>
                <DateInput data-testid="rental-start" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={8}>
              <Form.Item
                label="到期日期"
                name="end_date"
                dependencies={['start_date']}
                rules={[
                  { required: true },
                  ({ getFieldValue }) => ({
                    validator: async (_, end: string | null) => {
                      const problem = termProblem(getFieldValue('start_date') as string, end);
                      if (problem) throw new Error(problem);
                    },
                  }),
                ]}
              >
                <DateInput data-testid="rental-end" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={8}>
              <Form.Item label="月租金" name="monthly_rent" rules={[{ required: true }]}>
                <InputNumber
                  min={0}
                  max={10_000_000}
                  precision={2}
                  suffix="元"
                  style={{ width: '100%' }}
                  data-testid="rental-rent"
                />
              </Form.Item>
            </Col>
          </Row>
          <Form.List name="tenants">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field, index) => (
                  <Row gutter={16} key={field.key} align="top">
                    <Col xs={24} sm={7}>
                      <Form.Item
                        label={`承租人${index + 1} 姓名`}
                        name={[field.name, 'name']}
                        rules={[{ required: true, whitespace: true }, { max: 60 }]}
                      >
                        <Input maxLength={60} data-testid={`rental-tenant-name-${index}`} />
                      </Form.Item>
                    </Col>
                    <Col xs={24} sm={8}>
                      <Form.Item label="公民身份号码" name={[field.name, 'id_number']}>
                        <Input
                          maxLength={32}
                          autoComplete="off"
                          data-testid={`rental-tenant-id-number-${index}`}
                        />
                      </Form.Item>
                    </Col>
                    <Col xs={20} sm={7}>
                      <Form.Item
                        label="联系电话"
                        name={[field.name, 'phone']}
                        rules={[{ pattern: PHONE_PATTERN, message: '联系电话, 格式不正确 (5至20位数字)' }]}
                      >
                        <Input maxLength={20} data-testid={`rental-tenant-phone-${index}`} />
                      </Form.Item>
                    </Col>
                    <Col xs={4} sm={2} style={{ paddingTop: 30 }}>
                      {fields.length > 1 && (
                        <Button
                          type="text"
                          icon={<MinusCircleOutlined />}
                          aria-label={`删除承租人${index + 1}`}
                          onClick={() => remove(field.name)}
                        />
                      )}
                    </Col>
                  </Row>
                ))}
                {fields.length < MAX_TENANTS && (
                  <Button
                    type="dashed"
                    icon={<PlusOutlined />}
                    onClick={() => add({})}
                    data-testid="rental-tenant-add"
                  >
                    添加承租人
                  </Button>
                )}
              </>
            )}
          </Form.List>
        </Form>
      </div>
    </FormModal>
  );
}
