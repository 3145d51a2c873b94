import { Card, Col, Form, Input, InputNumber, Row } from 'antd';
import { YesNo } from '../../components/YesNo';
import { COL, COL_WIDE } from './grid';

const EMPLOYER_OTHERS = [
  ['employment', 'employer', 'contact_person'],
  ['employment', 'employer', 'phone'],
  ['employment', 'employer', 'address'],
];

/** An employer given by its contact or address must have its name. */
function employerNameRule(getFieldValue: (path: (string | number)[]) => unknown) {
  return {
    validator: async (_: unknown, value: unknown) => {
      const named = typeof value === 'string' && value.trim() !== '';
      const others = EMPLOYER_OTHERS.some((path) => {
        const v: unknown = getFieldValue(path);
        return typeof v === 'string' && v.trim() !== '';
      });
      if (others && !named) throw new Error('工作单位, 必须录入, 不能为空!');
    },
  };
}

/** 就业情况: work at the place of residence and the employer. */
export function EmploymentSection() {
  return (
    <Card size="small" title="就业情况" style={{ marginBottom: 12 }}>
      <Row gutter={16}>
        <Col {...COL}>
          <Form.Item label="居住地有无工作单位" name={['employment', 'has_local_employer']}>
            <YesNo yes="有" no="无" aria-label="居住地有无工作单位" />
          </Form.Item>
        </Col>
        <Col {...COL}>
          <Form.Item label="从事职业" name={['employment', 'occupation']}>
            <Input maxLength={200} autoComplete="off" />
          </Form.Item>
        </Col>
        <Col {...COL}>
          <Form.Item label="已工作年限" name={['employment', 'years_worked']}>
            <InputNumber min={0} max={80} precision={0} suffix="年" style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col {...COL}>
          <Form.Item
            label="工作单位"
            name={['employment', 'employer', 'name']}
            dependencies={EMPLOYER_OTHERS}
            rules={[({ getFieldValue }) => employerNameRule(getFieldValue)]}
          >
            <Input maxLength={200} autoComplete="off" />
          </Form.Item>
        </Col>
        <Col {...COL}>
          <Form.Item label="单位负责人" name={['employment', 'employer', 'contact_person']}>
            <Input maxLength={200} autoComplete="off" />
          </Form.Item>
        </Col>
        <Col {...COL}>
          <Form.Item
            label="单位联系电话"
            name={['employment', 'employer', 'phone']}
            rules={[{ pattern: /^[\d\-+ ]{5,20}$/, message: '单位联系电话, 格式不正确' }]}
          >
            <Input maxLength={20} autoComplete="off" inputMode="tel" />
          </Form.Item>
        </Col>
        <Col {...COL_WIDE}>
          <Form.Item label="单位地址详址" name={['employment', 'employer', 'address']}>
            <Input maxLength={200} autoComplete="off" />
          </Form.Item>
        </Col>
        <Col {...COL}>
          <Form.Item label="劳动合同签订情况" name={['employment', 'labour_contract']}>
            <YesNo yes="已签订" no="未签订" aria-label="劳动合同签订情况" />
          </Form.Item>
        </Col>
        <Col {...COL}>
          <Form.Item label="参保情况" name={['employment', 'social_insurance']}>
            <YesNo yes="已参保" no="未参保" aria-label="参保情况" />
          </Form.Item>
        </Col>
      </Row>
    </Card>
  );
}
