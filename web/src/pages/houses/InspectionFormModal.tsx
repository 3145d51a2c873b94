import { useState } from 'react';
import { App, Button, Card, Col, Form, Input, Row, Select } from 'antd';
import type { FormInstance } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { recordInspection } from '../../api/houses';
import type { HazardCategory } from '../../api/units';
import { DateInput } from '../../components/DateInput';
import {
  buildInspectionBody,
  departmentFor,
  isInspectionField,
  type InspectionFormValues,
} from '../../lib/houseInspection';
import {
  DEPARTMENT_NAMES,
  DEPARTMENTS,
  HAZARD_CATEGORIES,
  HAZARD_CATEGORY_NAMES,
} from '../../lib/housingLabels';
import { formProblems } from '../../lib/formErrors';
import { FormModal } from '../../components/FormModal';

const MAX_HAZARDS = 50;

/** One hazard: its category picks the department the notice goes to (which may be changed). */
function HazardFields({
  form,
  name,
  index,
  onRemove,
}: {
  form: FormInstance<InspectionFormValues>;
  name: number;
  index: number;
  onRemove: () => void;
}) {
  return (
    <Card
      size="small"
      style={{ marginBottom: 12 }}
      title={`隐患 ${index + 1}`}
      extra={
        <Button type="link" danger size="small" onClick={onRemove}>
          删除
        </Button>
      }
    >
      <Row gutter={16}>
        <Col xs={24} sm={6}>
          <Form.Item label="隐患类别" name={[name, 'category']} rules={[{ required: true }]}>
            <Select<HazardCategory>
              data-testid={`inspection-hazard-category-${index}`}
              options={HAZARD_CATEGORIES.map((c) => ({ value: c, label: HAZARD_CATEGORY_NAMES[c] }))}
              onChange={(category) =>
                form.setFieldValue(['hazards', name, 'department'], departmentFor(category))
              }
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item
            label="隐患描述"
            name={[name, 'description']}
            rules={[{ required: true, whitespace: true }, { max: 500 }]}
          >
            <Input maxLength={500} data-testid={`inspection-hazard-description-${index}`} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={6}>
          <Form.Item
            label="通知接收部门"
            name={[name, 'department']}
            rules={[{ required: true }]}
            tooltip="按类别默认: 治安→公安, 消防→消防, 结构→房管; 其他隐患须指定"
          >
            <Select
              data-testid={`inspection-hazard-department-${index}`}
              options={DEPARTMENTS.map((d) => ({ value: d, label: DEPARTMENT_NAMES[d] }))}
            />
          </Form.Item>
        </Col>
      </Row>
    </Card>
  );
}

/** 出租屋检查: the day, what was found, and each hazard (a notice to its department). */
export function InspectionFormModal({
  houseId,
  archiveNo,
  onClose,
  onRecorded,
}: {
  houseId: string;
  archiveNo: string;
  onClose: () => void;
  onRecorded: () => void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<InspectionFormValues>();
  const [saving, setSaving] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);

  const save = async (values: InspectionFormValues) => {
    setSaving(true);
    setProblems([]);
    try {
      const answer = await recordInspection(houseId, buildInspectionBody(values));
      const sent = answer.notices.map((n) => DEPARTMENT_NAMES[n.department]).join('、');
      message.success(sent ? `检查已记录, 隐患通知已发送: ${sent}` : '检查已记录');
      onRecorded();
    } catch (e) {
      const count = (values.hazards ?? []).length;
      setProblems(formProblems(form, e, (p) => isInspectionField(p, count)));
    } finally {
      setSaving(false);
    }
  };

  return (
    <FormModal
      open
      title={`出租屋检查 ${archiveNo}`}
      width={900}
      okText="保存"
      onOk={() => form.submit()}
      onCancel={onClose}
      saving={saving}
      saveTestId="inspection-save"
      maskClosable={false}
      problems={problems}
    >
      <div data-testid="inspection-form">
        <Form<InspectionFormValues>
          form={form}
          name="inspection"
          layout="vertical"
          initialValues={{ inspected_on: dayjs().format('YYYY-MM-DD'), hazards: [] }}
          onFinish={(values) => void save(values)}
          onValuesChange={() => problems.length > 0 && setProblems([])}
        >
          <Row gutter={16}>
            <Col xs={24} sm={6}>
              <Form.Item label="检查日期" name="inspected_on" rules={[{ required: true }]}>
                <DateInput notAfterToday data-testid="inspection-date" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={18}>
              <Form.Item label="检查情况" name="findings" rules={[{ max: 2000 }]}>
                <Input.TextArea
                  rows={2}
                  maxLength={2000}
                  placeholder="未发现问题可留空"
                  data-testid="inspection-findings"
                />
              </Form.Item>
            </Col>
          </Row>
          <Form.List name="hazards">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field, index) => (
                  <HazardFields
                    key={field.key}
                    form={form}
                    name={field.name}
                    index={index}
                    onRemove={() => remove(field.name)}
                  />
                ))}
                {fields.length < MAX_HAZARDS && (
                  <Button
                    type="dashed"
                    icon={<PlusOutlined />}
                    onClick={() => add({})}
                    data-testid="inspection-hazard-add"
                  >
                    添加隐患
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
