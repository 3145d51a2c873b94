import { Card, Col, Form, InputNumber, Row } from 'antd';
import type { ReactNode } from 'react';
import { CodeSelect } from '../../components/CodeSelect';
import { DateInput } from '../../components/DateInput';
import { YesNo } from '../../components/YesNo';
import { COL, COL_WIDE } from './grid';

/**
 * 居住信息: the unit, arrival, housing type, reason, stay, permit. The unit is picked from
 * the tree at the desk, and from the addresses of their compound by a resident.
 */
export function ResidenceSection({ unitInput, unitHint }: { unitInput: ReactNode; unitHint: string }) {
  return (
    <Card size="small" title="居住信息" style={{ marginBottom: 12 }}>
      <Row gutter={16}>
        <Col {...COL_WIDE}>
          <Form.Item
            label="现居住地详址"
            name="unit_path"
            rules={[{ required: true, message: '现居住地详址, 必须录入, 不能为空!' }]}
            tooltip={unitHint}
          >
            {unitInput}
          </Form.Item>
        </Col>
        <Col {...COL}>
          <Form.Item
            label="到达本地日期"
            name="arrival_date"
            rules={[{ required: true, message: '到达本地日期, 必须录入, 不能为空!' }]}
          >
            <DateInput notAfterToday />
          </Form.Item>
        </Col>
        <Col {...COL}>
          <Form.Item label="拟居住期限" name="intended_stay_days">
            <InputNumber min={1} max={36500} precision={0} suffix="天" style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col {...COL}>
          <Form.Item
            label="住所类别"
            name="housing_type"
            rules={[{ required: true, message: '住所类别, 必须录入, 不能为空!' }]}
          >
            <CodeSelect table="housing_type" />
          </Form.Item>
        </Col>
        <Col {...COL}>
          <Form.Item
            label="居住事由"
            name="reason"
            rules={[{ required: true, message: '居住事由, 必须录入, 不能为空!' }]}
          >
            <CodeSelect table="residence_reason" />
          </Form.Item>
        </Col>
        <Col {...COL}>
          <Form.Item label="是否申领居住证" name="applies_for_permit">
            <YesNo aria-label="是否申领居住证" />
          </Form.Item>
        </Col>
      </Row>
    </Card>
  );
}
