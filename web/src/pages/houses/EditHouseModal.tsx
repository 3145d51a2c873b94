import { useState } from 'react';
import { App, Form } from 'antd';
import { changeHouse } from '../../api/houses';
import type { HouseRecord } from '../../api/units';
import {
  buildHouseBody,
  houseToForm,
  isHouseField,
  type HouseFormValues,
} from '../../lib/houseForm';
import { HouseFields } from './HouseFields';
import { formProblems } from '../../lib/formErrors';
import { FormModal } from '../../components/FormModal';

/**
 * 修改房屋信息. The page shows the owner's and agent's numbers masked: their fields start
 * blank, the masked number on record as a hint, and a blank one is not sent, so the service
 * keeps the number on record.
 */
export function EditHouseModal({
  house,
  onClose,
  onSaved,
}: {
  house: HouseRecord;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<HouseFormValues>();
  const [saving, setSaving] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);

  const save = async (values: HouseFormValues) => {
    setSaving(true);
    setProblems([]);
    try {
      await changeHouse(house.house_id, buildHouseBody(values));
      message.success('房屋信息已保存');
      onSaved();
    } catch (e) {
      const hasAgent = Boolean(values.has_agent);
      setProblems(formProblems(form, e, (p) => isHouseField(p, hasAgent, false)));
    } finally {
      setSaving(false);
    }
  };

  return (
    <FormModal
      open
      title={`修改房屋信息 ${house.archive_no}`}
      width={960}
      okText="保存"
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
          name="house-edit"
          layout="vertical"
          preserve={false}
          initialValues={houseToForm(house)}
          onFinish={(values) => void save(values)}
          onValuesChange={() => problems.length > 0 && setProblems([])}
        >
          <HouseFields scopePlaceId={null} withUnit={false} recorded={house} />
        </Form>
      </div>
    </FormModal>
  );
}
