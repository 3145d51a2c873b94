import { useEffect, useState } from 'react';
import { App, Button, Card, Col, Form, Input, InputNumber, Row, Space, Typography } from 'antd';
import { SaveOutlined } from '@ant-design/icons';
import { putProfile, type CompoundProfile } from '../../api/compounds';
import {
  buildProfileBody,
  isBlankCompany,
  PARTIES,
  profileToForm,
  type CompanyFormValues,
  type PartyKey,
  type ProfileFormValues,
} from '../../lib/compoundProfile';
import { creditCodeRule, PHONE_MESSAGE, PHONE_PATTERN } from '../../lib/employer';
import { formProblems } from '../../lib/formErrors';
import { formatDateTime } from '../../lib/format';
import { FormProblems } from '../../components/FormProblems';

const EMPTY: CompanyFormValues = { name: '', credit_code: '', contact_person: '', phone: '' };

/** Both numbers or neither: half a location places nothing. */
function pairedRule(other: 'lng' | 'lat', name: string) {
  return ({ getFieldValue }: { getFieldValue: (path: string[]) => unknown }) => ({
    validator: async (_: unknown, value: unknown) => {
      const otherSet = typeof getFieldValue(['location', other]) === 'number';
      if (otherSet && typeof value !== 'number') throw new Error(`${name}, 必须录入, 不能为空!`);
    },
  });
}

/** 小区位置: where the big screen's map puts the compound (GCJ-02, as map software gives it). */
function LocationCard() {
  return (
    <Card size="small" title="小区位置 (大屏示意图)" style={{ marginTop: 12 }}>
      <Row gutter={12}>
        <Col xs={12} lg={6}>
          <Form.Item
            label="经度"
            name={['location', 'lng']}
            dependencies={[['location', 'lat']]}
            rules={[pairedRule('lat', '经度')]}
          >
            <InputNumber min={-180} max={180} step={0.0001} style={{ width: '100%' }} data-testid="compound-lng" />
          </Form.Item>
        </Col>
        <Col xs={12} lg={6}>
          <Form.Item
            label="纬度"
            name={['location', 'lat']}
            dependencies={[['location', 'lng']]}
            rules={[pairedRule('lng', '纬度')]}
          >
            <InputNumber min={-90} max={90} step={0.0001} style={{ width: '100%' }} data-testid="compound-lat" />
          </Form.Item>
        </Col>
        <Col xs={24} lg={12}>
          <Typography.Paragraph type="secondary" style={{ marginTop: 30 }}>
            从地图软件复制小区的坐标 (如 116.3975, 39.9087)。辖区内小区都有位置时, 大屏按位置画出示意图;
            否则按名称排成网格。
          </Typography.Paragraph>
        </Col>
      </Row>
    </Card>
  );
}

/** One company's card: a name is required once anything else of it is filled in. */
function CompanyCard({ party, title }: { party: PartyKey; title: string }) {
  const form = Form.useFormInstance<ProfileFormValues>();
  const nameRule = {
    validator: async (_: unknown, value: unknown) => {
      const company = form.getFieldValue(party) as CompanyFormValues | undefined;
      if (!(typeof value === 'string' && value.trim()) && !isBlankCompany(company)) {
        throw new Error(`${title}名称, 必须录入, 不能为空!`);
      }
    },
  };
  const id = party.replace('_', '-');
  return (
    <Card
      size="small"
      title={title}
      extra={
        <Button size="small" type="link" onClick={() => form.setFieldValue(party, EMPTY)}>
          清空
        </Button>
      }
    >
      <Form.Item
        label="名称"
        name={[party, 'name']}
        rules={[nameRule]}
        dependencies={[
          [party, 'credit_code'],
          [party, 'contact_person'],
          [party, 'phone'],
        ]}
      >
        <Input maxLength={200} data-testid={`compound-${id}-name`} />
      </Form.Item>
      <Form.Item label="统一社会信用代码" name={[party, 'credit_code']} rules={[creditCodeRule]}>
        <Input maxLength={22} data-testid={`compound-${id}-credit-code`} />
      </Form.Item>
      <Row gutter={8}>
        <Col span={12}>
          <Form.Item label="联系人" name={[party, 'contact_person']}>
            <Input maxLength={60} data-testid={`compound-${id}-contact`} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item
            label="联系电话"
            name={[party, 'phone']}
            rules={[{ pattern: PHONE_PATTERN, message: PHONE_MESSAGE }]}
          >
            <Input maxLength={20} data-testid={`compound-${id}-phone`} />
          </Form.Item>
        </Col>
      </Row>
    </Card>
  );
}

/** 开发商, 建筑商, 物业公司: read, edited in place, saved together. */
export function ProfileForm({
  profile,
  onSaved,
}: {
  profile: CompoundProfile;
  onSaved: (profile: CompoundProfile) => void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<ProfileFormValues>();
  const [errors, setErrors] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    form.setFieldsValue(profileToForm(profile));
    setErrors([]);
  }, [form, profile]);

  const save = async (values: ProfileFormValues) => {
    setSaving(true);
    setErrors([]);
    try {
      const saved = await putProfile(profile.compound.id, buildProfileBody(values));
      message.success('五位一体信息已保存');
      onSaved(saved);
    } catch (e) {
      const parties: string[] = [...PARTIES.map((p) => p.key), 'location'];
      setErrors(formProblems(form, e, (p) => p.length === 2 && parties.includes(String(p[0]))));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Form<ProfileFormValues>
      form={form}
      layout="vertical"
      name="compound-profile"
      initialValues={profileToForm(profile)}
      onFinish={(v) => void save(v)}
      disabled={saving}
    >
      <FormProblems messages={errors} />
      <Row gutter={12}>
        {PARTIES.map(({ key, title }) => (
          <Col key={key} xs={24} lg={8}>
            <CompanyCard party={key} title={title} />
          </Col>
        ))}
      </Row>
      <LocationCard />
      <Space style={{ marginTop: 12 }}>
        <Button
          type="primary"
          htmlType="submit"
          icon={<SaveOutlined />}
          loading={saving}
          data-testid="compound-save"
        >
          保存
        </Button>
        <Button onClick={() => form.setFieldsValue(profileToForm(profile))} disabled={saving}>
          撤销修改
        </Button>
        <Typography.Text type="secondary">
          {profile.updated_at ? `最近保存: ${formatDateTime(profile.updated_at)}` : '尚未登记; 没有的单位留空'}
        </Typography.Text>
      </Space>
    </Form>
  );
}
