import { useState } from 'react';
import { App, Button, Form, Input, Modal, Space } from 'antd';
import dayjs from 'dayjs';
import { messageOf } from '../../api/client';
import { cancelResidence, declareDeparture } from '../../api/residences';
import { DateInput } from '../../components/DateInput';
import { testId } from '../../lib/testId';
import { FormProblems } from '../../components/FormProblems';

type Kind = 'departure' | 'cancellation';

interface ActionValues {
  departure_date?: string | null;
  reason?: string;
}


/**
 * 离开申报 and 注销 of an active residence: a small form, then a confirmation, then the
 * call; `onDone` refreshes what shows the residence.
 */
export function ResidenceActions({
  residenceId,
  personName,
  arrivalDate,
  onDone,
}: {
  residenceId: string;
  personName: string;
  arrivalDate: string;
  onDone: () => void;
}) {
  const { modal, message } = App.useApp();
  const [open, setOpen] = useState<Kind | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<ActionValues>();

  const start = (kind: Kind) => {
    setError(null);
    setOpen(kind);
  };

  const confirm = async () => {
    const kind = open;
    if (!kind) return;
    let values: ActionValues;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    const departure = kind === 'departure';
    modal.confirm({
      title: departure ? '确认办理离开申报?' : '确认注销此居住记录?',
      content: departure
        ? `${personName} 于 ${values.departure_date ?? ''} 离开, 居住记录将结束。`
        : `${personName} 的此条居住记录将作废 (录入错误), 不计入任何统计。`,
      okText: departure ? '确认离开' : '确认注销',
      okButtonProps: { ...testId(departure ? 'depart-confirm' : 'cancel-confirm'), danger: !departure },
      cancelText: '返回',
      onOk: async () => {
        try {
          if (departure) {
            await declareDeparture(residenceId, {
              departure_date: values.departure_date ?? '',
              ...(values.reason?.trim() ? { reason: values.reason.trim() } : {}),
            });
            message.success('离开申报已办理');
          } else {
            await cancelResidence(residenceId, (values.reason ?? '').trim());
            message.success('居住记录已注销');
          }
          setOpen(null);
          onDone();
        } catch (e) {
          setError(messageOf(e));
        }
      },
    });
  };

  return (
    <>
      <Space>
        <Button size="small" type="primary" onClick={() => start('departure')} data-testid="residence-depart">
          离开申报
        </Button>
        <Button size="small" danger onClick={() => start('cancellation')} data-testid="residence-cancel">
          注销
        </Button>
      </Space>
      <Modal
        open={open !== null}
        title={open === 'departure' ? '离开申报' : '注销居住记录'}
        okText="提交"
        cancelText="取消"
        onOk={() => void confirm()}
        onCancel={() => setOpen(null)}
        okButtonProps={testId(open === 'departure' ? 'depart-submit' : 'cancel-submit')}
        destroyOnHidden
      >
        <FormProblems messages={error} />
        <Form<ActionValues>
          key={open ?? 'none'}
          form={form}
          layout="vertical"
          name={`residence-${open ?? 'action'}`}
          initialValues={open === 'departure' ? { departure_date: dayjs().format('YYYY-MM-DD') } : {}}
        >
          {open === 'departure' && (
            <Form.Item
              label="离开日期"
              name="departure_date"
              rules={[
                { required: true, message: '离开日期, 必须录入, 不能为空!' },
                {
                  validator: async (_, v: unknown) => {
                    if (typeof v === 'string' && v < arrivalDate) {
                      throw new Error(`离开日期不能早于到达日期 ${arrivalDate}`);
                    }
                  },
                },
              ]}
            >
              <DateInput notAfterToday data-testid="depart-date" />
            </Form.Item>
          )}
          <Form.Item
            label={open === 'departure' ? '离开原因' : '注销原因'}
            name="reason"
            rules={
              open === 'cancellation'
                ? [{ required: true, whitespace: true, message: '注销原因, 必须录入, 不能为空!' }]
                : []
            }
          >
            <Input.TextArea
              rows={3}
              maxLength={200}
              showCount
              data-testid={open === 'departure' ? 'depart-reason' : 'cancel-reason'}
            />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
