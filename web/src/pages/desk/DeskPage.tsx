import { useCallback, useRef, useState, type KeyboardEvent } from 'react';
import { Alert, App, Button, Form, Space, Typography } from 'antd';
import type { FormInstance } from 'antd';
import { SaveOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { isApiError, messageOf } from '../../api/client';
import { getPerson, searchPersons } from '../../api/persons';
import { checkIn, type CheckinAnswer } from '../../api/residences';
import { useUser } from '../../auth/context';
import { cardToForm, type CardData } from '../../lib/card';
import {
  buildCheckinBody,
  captureFor,
  CHECKIN_ALIASES,
  fillFromIdNumber,
  isCheckinField,
  type CardCapture,
  type CheckinFormValues,
  type MinorFormValues,
  type PersonFormValues,
} from '../../lib/checkin';
import { isValidationDetail, splitFieldErrors } from '../../lib/fieldErrors';
import { parseIdNumber } from '../../lib/idNumber';
import { statusName } from '../../lib/labels';
import { PlaceCascader } from '../../components/PlaceCascader';
import { CardReaderButton } from './CardReaderButton';
import { CheckinSuccess } from './CheckinSuccess';
import { EmploymentSection } from './EmploymentSection';
import { personToForm } from './existingPerson';
import { MinorsSection } from './MinorsSection';
import { PersonSection } from './PersonSection';
import { ResidenceSection } from './ResidenceSection';
import { testId } from '../../lib/testId';

/** A path the server named, checked against the form by `isCheckinField`. */
type FieldName = Parameters<FormInstance<CheckinFormValues>['setFields']>[0][number]['name'];

function initialValues(): CheckinFormValues {
  return { arrival_date: dayjs().format('YYYY-MM-DD'), minors: [] };
}

/** 人口信息采集: the check-in form with every declaration field. */
export default function DeskPage() {
  const user = useUser();
  const { modal, message } = App.useApp();
  const [form] = Form.useForm<CheckinFormValues>();
  const [card, setCard] = useState<CardCapture | null>(null);
  const [cardWarnings, setCardWarnings] = useState<string[]>([]);
  const [serverErrors, setServerErrors] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);
  const [done, setDone] = useState<{ answer: CheckinAnswer; name: string } | null>(null);
  const asked = useRef<string | null>(null);
  const cardFill = useRef<PersonFormValues | null>(null);

  /** A complete, well-formed number: offer a registered person's data once per number. */
  const offerExisting = useCallback(
    async (number: string) => {
      if (asked.current === number) return;
      asked.current = number;
      let hit;
      try {
        const page = await searchPersons({ id_number: number, page_size: 1 });
        hit = page.items[0];
      } catch {
        return; // a role without search, or the network: the clerk types on
      }
      if (!hit || asked.current !== number) return;
      const current = form.getFieldValue(['person', 'id_number']) as string | undefined;
      if (parseIdNumber(current ?? '').number !== number) return;
      modal.confirm({
        title: '该人员已登记, 是否带入已有信息?',
        content: (
          <div data-testid="existing-person">
            <div>
              {hit.name} ({hit.id_number_masked})
            </div>
            <div>
              最近居住: {hit.residence.arrival_date} 到达, {statusName(hit.residence.status)}
            </div>
            {hit.residence.status === 'active' && (
              <Typography.Text type="warning">
                此人当前在其他房屋在住, 保存后原居住记录将按迁移结束。
              </Typography.Text>
            )}
          </div>
        ),
        okText: '带入',
        cancelText: '不带入',
        okButtonProps: testId('existing-person-accept'),
        cancelButtonProps: testId('existing-person-decline'),
        onOk: async () => {
          try {
            const record = await getPerson(hit.person_id);
            const person = { ...personToForm(record), ...(cardFill.current ?? {}) };
            form.setFieldsValue({ person });
            void form.validateFields([['person', 'id_number']]).catch(() => undefined);
          } catch (e) {
            message.error(`带入失败: ${messageOf(e)}`);
          }
        },
      });
    },
    [form, modal, message],
  );

  const onIdNumber = useCallback(
    (raw: string | undefined) => {
      const found = fillFromIdNumber(raw, form.getFieldValue(['person', 'id_type']) as string | null);
      if (!found) return;
      form.setFieldsValue({ person: found.fill });
      if (found.valid) void offerExisting(found.number);
    },
    [form, offerExisting],
  );

  const onValuesChange = (changed: Partial<CheckinFormValues>) => {
    if (changed.person && 'id_number' in changed.person) onIdNumber(changed.person.id_number);
    if (Array.isArray(changed.minors)) {
      changed.minors.forEach((minor: MinorFormValues | undefined, index) => {
        if (!minor || !('id_number' in minor)) return;
        const info = parseIdNumber(minor.id_number ?? '');
        if (!info.complete) return;
        if (info.sex) form.setFieldValue(['minors', index, 'sex'], info.sex);
        if (info.birthDate) form.setFieldValue(['minors', index, 'birth_date'], info.birthDate);
      });
    }
    if (serverErrors.length > 0) setServerErrors([]);
  };

  const onCard = (data: CardData) => {
    const fill = cardToForm(data);
    cardFill.current = fill.person;
    form.setFieldsValue({ person: fill.person });
    setCard(fill.capture);
    setCardWarnings(fill.warnings);
    message.success(`已读取证件: ${fill.person.name ?? ''}`);
    void form.validateFields([['person', 'id_number']]).catch(() => undefined);
    if (fill.person.id_type !== 'passport') onIdNumber(fill.person.id_number);
  };

  const submit = async (values: CheckinFormValues) => {
    const body = buildCheckinBody(values, captureFor(card, values.person?.id_number));
    setSaving(true);
    setServerErrors([]);
    try {
      const answer = await checkIn(body);
      setDone({ answer, name: body.person.name });
    } catch (e) {
      if (isApiError(e) && e.status === 422 && isValidationDetail(e.detail)) {
        const minorCount = (values.minors ?? []).length;
        const foreign = ['passport', 'foreign_pr'].includes(values.person?.id_type ?? '');
        const split = splitFieldErrors(
          e.detail,
          (path) => isCheckinField(path, minorCount, foreign),
          CHECKIN_ALIASES,
        );
        form.setFields(split.fields.map((f) => ({ name: f.name as FieldName, errors: f.errors })));
        setServerErrors(split.others);
        if (split.fields.length > 0) form.scrollToField(split.fields[0].name, { block: 'center' });
        message.error('录入的信息有误, 请按提示修改');
      } else {
        setServerErrors([messageOf(e)]);
      }
    } finally {
      setSaving(false);
    }
  };

  const again = () => {
    const unit = form.getFieldValue('unit_path') as string[] | undefined;
    form.resetFields();
    form.setFieldsValue({ ...initialValues(), unit_path: unit });
    setCard(null);
    cardFill.current = null;
    setCardWarnings([]);
    setServerErrors([]);
    asked.current = null;
    setDone(null);
    window.setTimeout(() => {
      const first = document.querySelector<HTMLInputElement>('[data-testid="person-id-number"]');
      first?.focus();
    }, 0);
  };

  /** Enter never submits by accident; Ctrl+Enter (⌘+Enter) saves. */
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== 'Enter') return;
    if (e.ctrlKey || e.metaKey) {
      e.preventDefault();
      if (!saving && !done) form.submit();
      return;
    }
    if (e.target instanceof HTMLInputElement) e.preventDefault();
  };

  return (
    <div onKeyDown={onKeyDown}>
      {done && (
        <CheckinSuccess answer={done.answer} name={done.name} onContinue={again} />
      )}
      <div style={{ display: done ? 'none' : undefined }}>
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          人口信息采集
        </Typography.Title>
        {serverErrors.length > 0 && (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 12 }}
            message="未能保存"
            description={
              serverErrors.length === 1 ? (
                serverErrors[0]
              ) : (
                <ul style={{ margin: 0, paddingLeft: 20 }}>
                  {serverErrors.map((m) => (
                    <li key={m}>{m}</li>
                  ))}
                </ul>
              )
            }
            data-testid="checkin-error"
            role="alert"
          />
        )}
        <Form<CheckinFormValues>
          form={form}
          name="checkin"
          layout="vertical"
          initialValues={initialValues()}
          onValuesChange={onValuesChange}
          onFinish={(values) => void submit(values)}
          onFinishFailed={({ errorFields }) => {
            if (errorFields.length > 0) {
              form.scrollToField(errorFields[0].name, { block: 'center' });
              message.warning('请检查标红的栏目');
            }
          }}
          disabled={saving}
          aria-label="入住登记"
        >
          <ResidenceSection
            unitInput={<PlaceCascader rootId={user.scope_place_id} unitsOnly data-testid="checkin-unit" />}
            unitHint="从管辖范围逐级选择: 小区 / 楼栋 / 户"
          />
          <PersonSection
            cardReader={<CardReaderButton onRead={onCard} />}
            cardWarnings={cardWarnings}
            onCloseCardWarnings={() => setCardWarnings([])}
          />
          <EmploymentSection />
          <MinorsSection />
          <div
            style={{
              position: 'sticky',
              bottom: 0,
              background: '#fff',
              padding: '10px 16px',
              margin: '0 -16px',
              boxShadow: '0 -2px 8px rgba(0,0,0,0.06)',
              borderTop: '1px solid #f0f0f0',
              zIndex: 10,
            }}
          >
            <Space>
              <Button
                type="primary"
                icon={<SaveOutlined />}
                loading={saving}
                onClick={() => form.submit()}
                data-testid="checkin-save"
              >
                保存
              </Button>
              <Button onClick={again} disabled={saving}>
                清空
              </Button>
              <Typography.Text type="secondary">
                带 * 为必填项; Ctrl+Enter 保存
                {card && ' · 信息来自读卡'}
              </Typography.Text>
            </Space>
          </div>
        </Form>
      </div>
    </div>
  );
}
