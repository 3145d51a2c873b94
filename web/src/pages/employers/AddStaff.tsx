import { useState } from 'react';
import { App, Button, Form, Input, Radio, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { isApiError, messageOf } from '../../api/client';
import { addStaff } from '../../api/employers';
import { searchPersons, type PersonHit } from '../../api/persons';
import { DateInput } from '../../components/DateInput';
import { PlaceName } from '../../components/PlaceName';
import { personLookup } from '../../lib/employer';
import { isValidationDetail } from '../../lib/fieldErrors';
import { statusName } from '../../lib/labels';
import { FormModal } from '../../components/FormModal';

/** Each person once (the search answers a row per residence, the latest first). */
function uniquePersons(hits: PersonHit[]): PersonHit[] {
  const seen = new Set<string>();
  return hits.filter((h) => !seen.has(h.person_id) && Boolean(seen.add(h.person_id)));
}

/**
 * 添加用工: find the person in the registry by ID number or name (they must have been
 * registered), then the date they joined.
 */
export function AddStaff({
  employerId,
  open,
  onClose,
  onAdded,
}: {
  employerId: string;
  open: boolean;
  onClose: () => void;
  onAdded: () => void;
}) {
  const { message } = App.useApp();
  const [text, setText] = useState('');
  const [hits, setHits] = useState<PersonHit[] | null>(null);
  const [searching, setSearching] = useState(false);
  const [person, setPerson] = useState<string | null>(null);
  const [since, setSince] = useState<string | null>(dayjs().format('YYYY-MM-DD'));
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const close = () => {
    setText('');
    setHits(null);
    setPerson(null);
    setError(null);
    onClose();
  };

  const find = async () => {
    const lookup = personLookup(text);
    if (!lookup) return;
    setSearching(true);
    setError(null);
    setPerson(null);
    try {
      const found = uniquePersons((await searchPersons({ ...lookup, page_size: 20 })).items);
      setHits(found);
      if (found.length === 1) setPerson(found[0].person_id);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setSearching(false);
    }
  };

  const save = async () => {
    if (!person || !since) {
      setError(!person ? '请先查找并选择人员' : '入职日期, 必须录入, 不能为空!');
      return;
    }
    setSaving(true);
    setError(null);
    try {
      await addStaff(employerId, person, since);
      message.success('已添加用工人员');
      close();
      onAdded();
    } catch (e) {
      // The rule's own words ("该人员已在本单位在职", "人员不存在, 请先登记居住信息").
      setError(isApiError(e) && isValidationDetail(e.detail) ? e.message : messageOf(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <FormModal
      open={open}
      title="添加用工人员"
      okText="添加"
      width={640}
      saving={saving}
      onOk={() => void save()}
      onCancel={close}
      saveTestId="employer-staff-save"
      saveDisabled={!person}
      problems={error}
    >
      <Form layout="vertical">
        <Form.Item label="查找人员" tooltip="人员须已办理居住登记; 输入完整的公民身份号码, 或姓名 (拼音首字母亦可)">
          <Space.Compact style={{ width: '100%' }}>
            <Input
              value={text}
              onChange={(e) => setText(e.target.value)}
              onPressEnter={() => void find()}
              placeholder="公民身份号码或姓名"
              data-testid="employer-staff-lookup"
            />
            <Button
              onClick={() => void find()}
              loading={searching}
              data-testid="employer-staff-find"
            >
              查找
            </Button>
          </Space.Compact>
        </Form.Item>
        {hits && hits.length === 0 && (
          <Typography.Text type="warning">未找到该人员, 请先在“人口信息采集”办理居住登记</Typography.Text>
        )}
        {hits && hits.length > 0 && (
          <Form.Item label="选择人员">
            <Radio.Group value={person} onChange={(e) => setPerson(e.target.value as string)}>
              <Space direction="vertical">
                {hits.map((h) => (
                  <Radio key={h.person_id} value={h.person_id} data-testid="employer-staff-hit">
                    {h.name}{' '}
                    <span style={{ fontFamily: 'monospace' }}>{h.id_number_masked}</span>{' '}
                    <Typography.Text type="secondary">
                      {statusName(h.residence.status)} · <PlaceName id={h.residence.unit_id} />
                    </Typography.Text>
                  </Radio>
                ))}
              </Space>
            </Radio.Group>
          </Form.Item>
        )}
        <Form.Item label="入职日期" required>
          <DateInput
            value={since}
            onChange={setSince}
            notAfterToday
            data-testid="employer-staff-since"
          />
        </Form.Item>
      </Form>
    </FormModal>
  );
}
