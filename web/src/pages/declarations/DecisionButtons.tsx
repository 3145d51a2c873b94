import { useState } from 'react';
import { App, Button, Form, Input, Modal, Space } from 'antd';
import type { ButtonProps } from 'antd';
import { isApiError, messageOf } from '../../api/client';
import {
  confirmDeclaration,
  rejectDeclaration,
  type DeclarationListed,
} from '../../api/declarations';
import { testId } from '../../lib/testId';
import { FormProblems } from '../../components/FormProblems';


/**
 * 确认 (the declaration becomes a check-in) after a confirmation, or 退回 with a reason.
 * A declaration someone else decided meanwhile answers 409: say so and refresh.
 */
export function DecisionButtons({
  declaration,
  onDone,
  size = 'small',
}: {
  declaration: DeclarationListed;
  onDone: () => void;
  size?: ButtonProps['size'];
}) {
  const { modal, message } = App.useApp();
  const [rejecting, setRejecting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<{ reason: string }>();

  /** True when someone else decided meanwhile (409): said, and the list refreshed. */
  const decidedElsewhere = (e: unknown): boolean => {
    if (!isApiError(e) || e.status !== 409) return false;
    message.warning('该申报已被他人处理, 列表已刷新');
    onDone();
    return true;
  };

  const confirm = () =>
    modal.confirm({
      title: '确认此网上申报?',
      content: `确认后为 ${declaration.name} 办理入住登记 (采集方式: 网上申报)。`,
      okText: '确认入住',
      okButtonProps: testId('declaration-confirm-ok'),
      cancelText: '返回',
      onOk: async () => {
        try {
          await confirmDeclaration(declaration.declaration_id);
          message.success(`${declaration.name} 已登记入住`);
          onDone();
        } catch (e) {
          if (!decidedElsewhere(e)) message.error(`确认失败: ${messageOf(e)}`);
        }
      },
    });

  const reject = async () => {
    let reason: string;
    try {
      reason = (await form.validateFields()).reason.trim();
    } catch {
      return;
    }
    try {
      await rejectDeclaration(declaration.declaration_id, reason);
      message.success('已退回');
      setRejecting(false);
      onDone();
    } catch (e) {
      if (decidedElsewhere(e)) setRejecting(false);
      else setError(messageOf(e));
    }
  };

  return (
    <>
      <Space size={4}>
        <Button size={size} type="primary" onClick={confirm} data-testid="declaration-confirm">
          确认
        </Button>
        <Button
          size={size}
          danger
          onClick={() => {
            setError(null);
            setRejecting(true);
          }}
          data-testid="declaration-reject"
        >
          退回
        </Button>
      </Space>
      <Modal
        open={rejecting}
        title={`退回 ${declaration.name} 的申报`}
        okText="退回"
        okButtonProps={testId('declaration-reject-ok', { danger: true })}
        cancelText="取消"
        onOk={() => void reject()}
        onCancel={() => setRejecting(false)}
        destroyOnHidden
      >
        <FormProblems messages={error} />
        <Form form={form} layout="vertical" name="declaration-rejection">
          <Form.Item
            label="退回原因"
            name="reason"
            rules={[{ required: true, whitespace: true }]}
            extra="申报人会看到此原因。"
          >
            <Input.TextArea rows={3} maxLength={200} showCount data-testid="declaration-reject-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
