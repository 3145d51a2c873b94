import { useState } from 'react';
import { App, Button, Form, Space, Typography } from 'antd';
import { assignCoordinator } from '../../api/houses';
import type { HouseRecord } from '../../api/units';
import { CoordinatorSelect } from '../../components/CoordinatorSelect';
import { formProblems } from '../../lib/formErrors';
import { FormModal } from '../../components/FormModal';

/**
 * The house's coordinator (协管员), and for those who manage coordinators (admin, station,
 * community) the control to assign one or take the assignment back.
 */
export function CoordinatorControl({
  house,
  mayAssign,
  onChanged,
}: {
  house: HouseRecord;
  mayAssign: boolean;
  onChanged: () => void;
}) {
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [saving, setSaving] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const [form] = Form.useForm<{ coordinator_id: string | null }>();

  const save = async ({ coordinator_id }: { coordinator_id: string | null }) => {
    setSaving(true);
    setProblems([]);
    try {
      await assignCoordinator(house.house_id, coordinator_id ?? null);
      message.success(coordinator_id ? '协管员已指派' : '已取消指派协管员');
      setOpen(false);
      onChanged();
    } catch (e) {
      setProblems(formProblems(form, e, (p) => p.join('.') === 'coordinator_id'));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Space>
      <span data-testid="house-coordinator">
        {house.coordinator_name ?? <Typography.Text type="secondary">未指派</Typography.Text>}
      </span>
      {mayAssign && (
        <Button
          size="small"
          onClick={() => {
            setProblems([]);
            setOpen(true);
          }}
          data-testid="house-coordinator-assign"
        >
          {house.coordinator_id ? '更换' : '指派'}
        </Button>
      )}
      <FormModal
        open={open}
        title="指派协管员"
        okText="保存"
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        saving={saving}
        saveTestId="house-coordinator-save"
        problems={problems}
      >
        <Form
          form={form}
          layout="vertical"
          name="house-coordinator"
          preserve={false}
          initialValues={{ coordinator_id: house.coordinator_id }}
          onFinish={(values) => void save(values)}
        >
          <Form.Item
            label="协管员"
            name="coordinator_id"
            extra="清空后保存即取消指派; 协管员只能看到指派给自己的房屋。"
          >
            <CoordinatorSelect data-testid="house-coordinator-select" />
          </Form.Item>
        </Form>
      </FormModal>
    </Space>
  );
}
