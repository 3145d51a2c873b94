import { useState } from 'react';
import { App, Button, Form, Modal } from 'antd';
import dayjs from 'dayjs';
import { messageOf } from '../../api/client';
import { staffDeparts, type StaffMember } from '../../api/employers';
import { DateInput } from '../../components/DateInput';
import { testId } from '../../lib/testId';
import { FormProblems } from '../../components/FormProblems';


/** 离职: the date (not before joining), then a confirmation, then the call. */
export function StaffDeparture({
  employerId,
  member,
  onDone,
}: {
  employerId: string;
  member: StaffMember;
  onDone: () => void;
}) {
  const { modal, message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<{ until: string | null }>();
  const who = member.name ?? '该人员';

  const confirm = async () => {
    let until: string;
    try {
      until = (await form.validateFields()).until ?? '';
    } catch {
      return;
    }
    modal.confirm({
      title: '确认办理离职?',
      content: `${who} 于 ${until} 离职, 不再计入本单位在职人员。`,
      okText: '确认离职',
      cancelText: '返回',
      okButtonProps: testId('employer-staff-leave-confirm'),
      onOk: async () => {
        try {
          await staffDeparts(employerId, member.person_id, until);
          message.success(`${who} 已离职`);
          setOpen(false);
          onDone();
        } catch (e) {
          setError(messageOf(e));
        }
      },
    });
  };

  return (
    <>
      <Button
        size="small"
        onClick={() => {
          setError(null);
          setOpen(true);
        }}
        data-testid="employer-staff-leave"
      >
        离职
      </Button>
      <Modal
        open={open}
        title={`离职: ${who}`}
        okText="提交"
        cancelText="取消"
        onOk={() => void confirm()}
        onCancel={() => setOpen(false)}
        okButtonProps={testId('employer-staff-leave-submit')}
        destroyOnHidden
      >
        <FormProblems messages={error} />
        <Form
          form={form}
          layout="vertical"
          name="staff-departure"
          initialValues={{ until: dayjs().format('YYYY-MM-DD') }}
        >
          <Form.Item
            label="离职日期"
            name="until"
            rules={[
              { required: true },
              {
                validator: async (_, v: unknown) => {
                  if (typeof v === 'string' && v < member.since) {
                    throw new Error(`离职日期不能早于入职日期 ${member.since}`);
                  }
                },
              },
            ]}
          >
            <DateInput notAfterToday data-testid="employer-staff-until" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
