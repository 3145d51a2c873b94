import { Alert, Card, Col, Form, Input, Row, Select } from 'antd';
import type { RuleObject } from 'antd/es/form';
import type { ReactNode } from 'react';
import { CodeSelect } from '../../components/CodeSelect';
import { DateInput } from '../../components/DateInput';
import { parseIdNumber } from '../../lib/idNumber';
import { ID_TYPES } from '../../lib/labels';
import { COL, COL_WIDE } from './grid';

const SEXES = ['1', '2'] as const;

/** The check digit, birth date and shape, as warnings: the server has the last word. */
async function idNumberWarning(_: RuleObject, value: unknown): Promise<void> {
  if (typeof value !== 'string' || !value.trim()) return;
  const info = parseIdNumber(value);
  if (info.complete && info.warnings.length > 0) {
    const hint =
      info.expectedCheck && !info.checkDigitOk ? ` (按前17位, 校验位应为 ${info.expectedCheck})` : '';
    throw new Error(info.warnings.join('; ') + hint);
  }
}

type Props = {
  /** The 读卡 button and what it says. */
  cardReader: ReactNode;
  cardWarnings: string[];
  onCloseCardWarnings: () => void;
};

/** 申报人: the person's fields; the ID number fills sex and birth date. */
export function PersonSection({ cardReader, cardWarnings, onCloseCardWarnings }: Props) {
  const idType = Form.useWatch(['person', 'id_type']) as string | null | undefined;
  const foreign = idType === 'passport' || idType === 'foreign_pr';
  return (
    <Card size="small" title="申报人信息" style={{ marginBottom: 12 }}>
      <div style={{ marginBottom: 12 }}>{cardReader}</div>
      {cardWarnings.length > 0 && (
        <Alert
          type="warning"
          showIcon
          closable
          onClose={onCloseCardWarnings}
          style={{ marginBottom: 12 }}
          message={cardWarnings.join('; ')}
          data-testid="card-warning"
        />
      )}
      <Row gutter={16}>
        <Col {...COL}>
          <Form.Item
            label="公民身份号码"
            name={['person', 'id_number']}
            normalize={(v: string | undefined) => (v ? v.toUpperCase() : v)}
            rules={[
              { required: true, whitespace: true, message: '公民身份号码, 必须录入, 不能为空!' },
              { warningOnly: true, validator: idNumberWarning },
            ]}
            validateDebounce={200}
          >
            <Input maxLength={32} autoComplete="off" data-testid="person-id-number" />
          </Form.Item>
        </Col>
        <Col {...COL}>
          <Form.Item
            label="姓名"
            name={['person', 'name']}
            rules={[{ required: true, whitespace: true, message: '姓名, 必须录入, 不能为空!' }]}
          >
            <Input maxLength={60} autoComplete="off" data-testid="person-name" />
          </Form.Item>
        </Col>
        <Col {...COL}>
          <Form.Item
            label="性别"
            name={['person', 'sex']}
            rules={[{ required: true, message: '性别, 必须录入, 不能为空!' }]}
          >
            <CodeSelect table="sex" only={SEXES} placeholder="1 男 / 2 女" />
          </Form.Item>
        </Col>
        <Col {...COL}>
          <Form.Item
            label="民族"
            name={['person', 'ethnicity']}
            rules={[{ required: true, message: '民族, 必须录入, 不能为空!' }]}
          >
            <CodeSelect table="ethnicity" />
          </Form.Item>
        </Col>
        <Col {...COL}>
          <Form.Item
            label="出生日期"
            name={['person', 'birth_date']}
            rules={[{ required: true, message: '出生日期, 必须录入, 不能为空!' }]}
          >
            <DateInput notAfterToday />
          </Form.Item>
        </Col>
        <Col {...COL}>
          <Form.Item
            label="联系方式"
            name={['person', 'phone']}
            rules={[{ pattern: /^[\d\-+ ]{5,20}$/, message: '联系方式, 格式不正确' }]}
          >
            <Input maxLength={20} autoComplete="off" inputMode="tel" />
          </Form.Item>
        </Col>
        <Col {...COL}>
          <Form.Item label="证件类型" name={['person', 'id_type']} tooltip="不选时按号码判断">
            <Select
              allowClear
              placeholder="按号码判断"
              options={ID_TYPES.map((t) => ({ value: t.code, label: t.name }))}
            />
          </Form.Item>
        </Col>
        {foreign && (
          <Col {...COL}>
            <Form.Item
              label="国籍"
              name={['person', 'nationality']}
              rules={[{ required: idType === 'passport', message: '国籍, 必须录入, 不能为空!' }]}
            >
              <CodeSelect table="country" />
            </Form.Item>
          </Col>
        )}
        <Col {...COL_WIDE}>
          <Form.Item label="户籍地址" name={['person', 'hukou_address']}>
            <Input maxLength={200} autoComplete="off" />
          </Form.Item>
        </Col>
        <Col {...COL}>
          <Form.Item label="户口性质" name={['person', 'hukou_type']}>
            <CodeSelect table="hukou_type" />
          </Form.Item>
        </Col>
        <Col {...COL}>
          <Form.Item label="婚姻状况" name={['person', 'marital_status']}>
            <CodeSelect table="marital_status" />
          </Form.Item>
        </Col>
        <Col {...COL}>
          <Form.Item label="政治面貌" name={['person', 'political_status']}>
            <CodeSelect table="political_status" />
          </Form.Item>
        </Col>
        <Col {...COL}>
          <Form.Item label="学历" name={['person', 'education']}>
            <CodeSelect table="education" />
          </Form.Item>
        </Col>
        <Col {...COL}>
          <Form.Item label="服兵役情况" name={['person', 'military_service']}>
            <CodeSelect table="military_service" />
          </Form.Item>
        </Col>
      </Row>
    </Card>
  );
}
