import { Col, Form, Input, Radio, Row } from 'antd';
import type { Party, PartyKind } from '../../api/units';
import { PHONE_PATTERN } from '../../lib/houseForm';
import { PARTY_KIND_NAMES } from '../../lib/houseLabels';
import { parseIdNumber } from '../../lib/idNumber';

// Kind, name, number and phone on one line at 1366 px.
const KIND = { xs: 24, sm: 12, lg: 5 } as const;
const NAME = { xs: 24, sm: 12, lg: 7 } as const;
const NUMBER = { xs: 24, sm: 12, lg: 7 } as const;
const PHONE = { xs: 24, sm: 12, lg: 5 } as const;

/** A person's ID number that cannot be right: said beside the field, the server decides. */
const idNumberWarning = {
  warningOnly: true,
  validator: async (_: unknown, value: unknown) => {
    if (typeof value !== 'string' || !value.trim()) return;
    const info = parseIdNumber(value);
    if (!info.complete) throw new Error('公民身份号码应为18位');
    if (info.warnings.length > 0) throw new Error(info.warnings[0]);
  },
};

/**
 * 产权人 or 代理人: a person (name, ID number, phone) or a company (name, credit code,
 * phone). Editing, `recorded` is the party as the page shows it: its masked numbers are
 * hints, and a blank field keeps the number on record.
 */
export function PartyFields({
  field,
  label,
  recorded,
}: {
  field: 'owner' | 'agent';
  label: string;
  recorded?: Party | null;
}) {
  const kind = (Form.useWatch([field, 'kind']) as PartyKind | undefined) ?? 'person';
  const company = kind === 'company';
  const sameKind = recorded && (recorded.kind ?? 'person') === kind;
  const kept = (value: string | null | undefined) =>
    sameKind && value ? `原 ${value}, 留空不变` : undefined;
  const testId = (what: string) => `house-${field}-${what}`;
  return (
    <Row gutter={16}>
      <Col {...KIND}>
        <Form.Item label={`${label}类型`} name={[field, 'kind']}>
          <Radio.Group optionType="button" data-testid={testId('kind')}>
            {(Object.keys(PARTY_KIND_NAMES) as PartyKind[]).map((k) => (
              <Radio.Button key={k} value={k}>
                {PARTY_KIND_NAMES[k]}
              </Radio.Button>
            ))}
          </Radio.Group>
        </Form.Item>
      </Col>
      <Col {...NAME}>
        <Form.Item
          label={company ? `${label}单位名称` : `${label}姓名`}
          name={[field, 'name']}
          rules={[{ required: true, whitespace: true }, { max: 100 }]}
        >
          <Input maxLength={100} autoComplete="off" data-testid={testId('name')} />
        </Form.Item>
      </Col>
      <Col {...NUMBER}>
        <Form.Item
          label={company ? '统一社会信用代码' : '公民身份号码'}
          name={[field, 'id_number']}
          rules={company ? [{ max: 32 }] : [{ max: 32 }, idNumberWarning]}
        >
          <Input
            maxLength={32}
            autoComplete="off"
            placeholder={kept(recorded?.id_number)}
            data-testid={testId('id-number')}
          />
        </Form.Item>
      </Col>
      <Col {...PHONE}>
        <Form.Item
          label="联系电话"
          name={[field, 'phone']}
          rules={[{ pattern: PHONE_PATTERN, message: '联系电话, 格式不正确 (5至20位数字)' }]}
        >
          <Input
            maxLength={20}
            autoComplete="off"
            placeholder={kept(recorded?.phone)}
            data-testid={testId('phone')}
          />
        </Form.Item>
      </Col>
    </Row>
  );
}
