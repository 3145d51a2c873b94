import { useState } from 'react';
import { App, Button, Form, Input, Modal } from 'antd';
import type { ButtonProps } from 'antd';
import { StopOutlined, UndoOutlined } from '@ant-design/icons';
import { messageOf } from '../../api/client';
import { cancelHouse, restoreHouse } from '../../api/houses';
import type { HouseRecord } from '../../api/units';
import { FormProblems } from '../../components/FormProblems';

const testId = (id: string) => ({ 'data-testid': id }) as ButtonProps;

/**
 * 注销 (the house is gone, 拆迁: a reason, then a confirmation) and 恢复出租 (a
 * confirmation): while cancelled, its unit takes no check-in, rental filing or inspection.
 */
export function HouseStatusActions({
  house,
  onDone,
}: {
  house: HouseRecord;
  onDone: () => void;
}) {
  const { modal, message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<{ reason?: string }>();

  const confirmCancel = async () => {
    let reason: string;
    try {
      reason = ((await form.validateFields()).reason ?? '').trim();
    } catch {
      return;
    }
    modal.confirm({
      title: `确认注销房屋 ${house.archive_no}?`,
      content: `注销后该房屋不能再办理入住登记、租赁备案和检查, 直到恢复。原因: ${reason}`,
      okText: '确认注销',
      okButtonProps: { ...testId('house-cancel-confirm'), danger: true },
      cancelText: '返回',
      onOk: async () => {
        try {
          await cancelHouse(house.house_id, reason);
          message.success('房屋已注销');
          setOpen(false);
          onDone();
        } catch (e) {
          setError(messageOf(e));
        }
      },
    });
  };

  const restore = () => {
    modal.confirm({
      title: `确认恢复房屋 ${house.archive_no}?`,
      content: '房屋恢复登记, 用途改为出租, 可再办理入住登记和租赁备案。',
      okText: '确认恢复',
      okButtonProps: testId('house-restore-confirm'),
      cancelText: '返回',
      onOk: async () => {
        try {
          await restoreHouse(house.house_id);
          message.success('房屋已恢复出租');
          onDone();
        } catch (e) {
          message.error(`恢复失败: ${messageOf(e)}`);
        }
      },
    });
  };

  if (house.cancelled) {
    return (
      <Button icon={<UndoOutlined />} onClick={restore} data-testid="house-restore">
        恢复出租
      </Button>
    );
  }
  return (
    <>
      <Button
        danger
        icon={<StopOutlined />}
        onClick={() => {
          setError(null);
          setOpen(true);
        }}
        data-testid="house-cancel"
      >
        注销(拆迁)
      </Button>
      <Modal
        open={open}
        title={`注销房屋 ${house.archive_no}`}
        okText="提交"
        cancelText="取消"
        onOk={() => void confirmCancel()}
        onCancel={() => setOpen(false)}
        okButtonProps={testId('house-cancel-submit')}
        destroyOnHidden
      >
        <FormProblems messages={error} />
        <Form form={form} layout="vertical" name="house-cancel" preserve={false}>
          <Form.Item
            label="注销原因"
            name="reason"
            rules={[{ required: true, whitespace: true }, { max: 200 }]}
          >
            <Input.TextArea
              rows={3}
              maxLength={200}
              showCount
              placeholder="如: 拆迁"
              data-testid="house-cancel-reason"
            />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
