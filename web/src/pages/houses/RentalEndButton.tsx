import { useState } from 'react';
import { App, Button, Form, Input, Modal } from 'antd';
import type { ButtonProps } from 'antd';
import dayjs from 'dayjs';
import { endRental } from '../../api/houses';
import type { Rental } from '../../api/units';
import { DateInput } from '../../components/DateInput';
import { formatRent } from '../../lib/houseFormat';
import { defaultEndDay } from '../../lib/houseRental';
import { formProblems } from '../../lib/formErrors';
import { FormProblems } from '../../components/FormProblems';

interface EndValues {
  ended_on?: string | null;
  reason?: string;
}

const testId = (id: string) => ({ 'data-testid': id }) as ButtonProps;

/** 提前终止: the day within the term and a reason, then a confirmation. */
export function RentalEndButton({
  houseId,
  rental,
  onEnded,
}: {
  houseId: string;
  rental: Rental;
  onEnded: () => void;
}) {
  const { modal, message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const [form] = Form.useForm<EndValues>();
  const today = dayjs().format('YYYY-MM-DD');
  const tenants = rental.tenants.map((t) => t.name).join('、');

  const confirm = async () => {
    let values: EndValues;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    const reason = (values.reason ?? '').trim();
    modal.confirm({
      title: '确认提前终止此租赁备案?',
      content: `承租人 ${tenants}, 月租金 ${formatRent(rental.monthly_rent)}, 于 ${values.ended_on ?? ''} 终止。`,
      okText: '确认终止',
      okButtonProps: { ...testId('rental-end-confirm'), danger: true },
      cancelText: '返回',
      onOk: async () => {
        try {
          await endRental(houseId, rental.rental_id, {
            ended_on: values.ended_on ?? '',
            ...(reason ? { reason } : {}),
          });
          message.success('租赁备案已终止');
          setOpen(false);
          onEnded();
        } catch (e) {
          setProblems(formProblems(form, e, (p) => ['ended_on', 'reason'].includes(p.join('.'))));
        }
      },
    });
  };

  return (
    <>
      <Button
        size="small"
        danger
        onClick={() => {
          setProblems([]);
          setOpen(true);
        }}
        data-testid="rental-end-open"
      >
        提前终止
      </Button>
      <Modal
        open={open}
        title="提前终止租赁备案"
        okText="提交"
        cancelText="取消"
        onOk={() => void confirm()}
        onCancel={() => setOpen(false)}
        okButtonProps={testId('rental-end-submit')}
        destroyOnHidden
      >
        <FormProblems messages={problems} />
        <Form<EndValues>
          form={form}
          layout="vertical"
          name="rental-end"
          preserve={false}
          initialValues={{ ended_on: defaultEndDay(rental, today) }}
        >
          <Form.Item
            label="终止日期"
            name="ended_on"
            extra={`租期 ${rental.start_date} 至 ${rental.end_date}`}
            rules={[
              { required: true },
              {
                validator: async (_, v: string | null) => {
                  if (v && (v < rental.start_date || v > rental.end_date)) {
                    throw new Error('终止日期必须在租期之内');
                  }
                },
              },
            ]}
          >
            <DateInput data-testid="rental-end-date" />
          </Form.Item>
          <Form.Item label="终止原因" name="reason" rules={[{ max: 200 }]}>
            <Input.TextArea rows={2} maxLength={200} showCount data-testid="rental-end-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
