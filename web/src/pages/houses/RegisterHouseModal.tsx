import { useState } from 'react';
import { App, Form } from 'antd';
import { registerHouse } from '../../api/houses';
import {
  buildHouseCreate,
  HOUSE_ALIASES,
  isHouseField,
  type HouseFormValues,
} from '../../lib/houseForm';
import { HouseFields } from './HouseFields';
import { formProblems } from '../../lib/formErrors';
import { FormModal } from '../../components/FormModal';

/** 登记房屋: a new register entry on a unit that has none (`unitPath`: the unit, prefilled). */
export function RegisterHouseModal({
  open,
  scopePlaceId,
  unitPath,
  onClose,
  onRegistered,
}: {
  open: boolean;
  scopePlaceId: string | null;
  unitPath?: string[];
  onClose: () => void;
  onRegistered: (houseId: string, archiveNo: string) => void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<HouseFormValues>();
  const [saving, setSaving] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);

  const save = async (values: HouseFormValues) => {
    const body = buildHouseCreate(values);
    setSaving(true);
    setProblems([]);
    try {
      const { house_id } = await registerHouse(body);
      message.success(`房屋 ${body.archive_no} 已登记`);
      onRegistered(house_id, body.archive_no);
    } catch (e) {
      const hasAgent = Boolean(values.has_agent);
      setProblems(
        formProblems(form, e, (p) => isHouseField(p, hasAgent, true), { aliases: HOUSE_ALIASES }),
      );
    } finally {
      setSaving(false);
    }
  };

  return (
    <FormModal
      open={open}
      title="登记房屋"
      width={960}
      okText="登记"
      onOk={() => form.submit()}
      onCancel={onClose}
      saving={saving}
      saveTestId="house-save"
      maskClosable={false}
      problems={problems}
    >
      <div data-testid="house-form">
        <Form<HouseFormValues>
          form={form}
          name="house-register"
          layout="vertical"
          preserve={false}
          initialValues={{
            unit_path: unitPath,
            use: 'rented',
            owner: { kind: 'person' },
            has_agent: false,
            agent: { kind: 'person' },
          }}
          onFinish={(values) => void save(values)}
          onValuesChange={() => problems.length > 0 && setProblems([])}
        >
          <HouseFields scopePlaceId={scopePlaceId} withUnit />
        </Form>
      </div>
    </FormModal>
  );
}
