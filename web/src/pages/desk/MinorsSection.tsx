import { Button, Card, Col, Form, Input, Row, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { CodeSelect } from '../../components/CodeSelect';
import { DateInput } from '../../components/DateInput';
import { SchoolSelect } from './SchoolSelect';

const SEXES = ['1', '2'] as const;
export const MAX_MINORS = 10;

/** 随行未成年家庭成员: children who came with the declarant, one line each. */
export function MinorsSection() {
  return (
    <Card size="small" title="随行未成年家庭成员" style={{ marginBottom: 12 }}>
      <Form.List name="minors">
        {(fields, { add, remove }) => (
          <>
            {fields.length === 0 && (
              <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
                无随行未成年人。
              </Typography.Paragraph>
            )}
            {fields.map((field, index) => (
              <Row gutter={12} key={field.key} align="top" data-testid={`minor-${index}`}>
                <Col flex="40px" style={{ paddingTop: 34 }}>
                  <Typography.Text type="secondary">{index + 1}.</Typography.Text>
                </Col>
                <Col xs={24} sm={12} lg={6} xl={3}>
                  <Form.Item
                    label="子女姓名"
                    name={[field.name, 'name']}
                    rules={[{ required: true, whitespace: true, message: '姓名, 必须录入, 不能为空!' }]}
                  >
                    <Input maxLength={60} autoComplete="off" />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={12} lg={6} xl={3}>
                  <Form.Item
                    label="子女性别"
                    name={[field.name, 'sex']}
                    rules={[{ required: true, message: '性别, 必须录入, 不能为空!' }]}
                  >
                    <CodeSelect table="sex" only={SEXES} placeholder="1 男 / 2 女" />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={12} lg={6} xl={4}>
                  <Form.Item
                    label="子女出生日期"
                    name={[field.name, 'birth_date']}
                    rules={[{ required: true, message: '出生日期, 必须录入, 不能为空!' }]}
                  >
                    <DateInput notAfterToday />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={12} lg={6} xl={4}>
                  <Form.Item
                    label="子女公民身份号码"
                    name={[field.name, 'id_number']}
                    normalize={(v: string | undefined) => (v ? v.toUpperCase() : v)}
                  >
                    <Input maxLength={32} autoComplete="off" />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={12} lg={6} xl={3}>
                  <Form.Item label="与申报人关系" name={[field.name, 'relationship']}>
                    <Input maxLength={200} autoComplete="off" placeholder="如: 子、女" />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={12} lg={6} xl={5}>
                  <Form.Item label="就读学校" name={[field.name, 'school_id']}>
                    <SchoolSelect />
                  </Form.Item>
                </Col>
                <Col flex="40px" style={{ paddingTop: 30 }}>
                  <Button
                    icon={<DeleteOutlined />}
                    danger
                    type="text"
                    aria-label={`删除第${index + 1}名未成年人`}
                    onClick={() => remove(field.name)}
                  />
                </Col>
              </Row>
            ))}
            <Button
              icon={<PlusOutlined />}
              onClick={() => add({})}
              disabled={fields.length >= MAX_MINORS}
              data-testid="minor-add"
            >
              添加随行未成年人
            </Button>
          </>
        )}
      </Form.List>
    </Card>
  );
}
