import { Col, Divider, Form, Input, InputNumber, Row, Select, Switch } from 'antd';
import type { HouseRecord } from '../../api/units';
import { PlaceCascader } from '../../components/PlaceCascader';
import { USE_NAMES, USES } from '../../lib/houseLabels';
import { PartyFields } from './PartyFields';

const COL = { xs: 24, sm: 12, lg: 6 } as const;

/**
 * The register entry's fields (房屋档案): the unit (when registering), archive number, use,
 * capacity, floor area, owner and the optional agent. `recorded`: the house being edited.
 */
export function HouseFields({
  scopePlaceId,
  withUnit,
  recorded,
}: {
  scopePlaceId: string | null;
  withUnit: boolean;
  recorded?: HouseRecord;
}) {
  const hasAgent = Form.useWatch('has_agent') as boolean | undefined;
  return (
    <>
      {withUnit && (
        <Form.Item
          label="房屋地址"
          name="unit_path"
          rules={[{ required: true }]}
          tooltip="从管辖范围逐级选择到户: 小区 / 楼栋 / 户"
        >
          <PlaceCascader rootId={scopePlaceId} unitsOnly data-testid="house-unit" />
        </Form.Item>
      )}
      <Row gutter={16}>
        <Col {...COL}>
          <Form.Item
            label="房屋档案编号"
            name="archive_no"
            rules={[{ required: true, whitespace: true }, { max: 40 }]}
          >
            <Input maxLength={40} autoComplete="off" data-testid="house-archive-no" />
          </Form.Item>
        </Col>
        <Col {...COL}>
          <Form.Item label="用途" name="use" rules={[{ required: true }]}>
            <Select
              data-testid="house-use"
              options={USES.map((u) => ({ value: u, label: USE_NAMES[u] }))}
            />
          </Form.Item>
        </Col>
        <Col {...COL}>
          <Form.Item label="核定居住人数" name="capacity" tooltip="消防安全允许的最多居住人数">
            <InputNumber
              min={1}
              max={1000}
              precision={0}
              suffix="人"
              style={{ width: '100%' }}
              data-testid="house-capacity"
            />
          </Form.Item>
        </Col>
        <Col {...COL}>
          <Form.Item label="建筑面积" name="floor_area">
            <InputNumber
              min={0.01}
              max={100000}
              precision={2}
              suffix="m²"
              style={{ width: '100%' }}
              data-testid="house-floor-area"
            />
          </Form.Item>
        </Col>
      </Row>
      <Divider orientation="left" plain style={{ margin: '4px 0 12px' }}>
        产权人
      </Divider>
      <PartyFields field="owner" label="产权人" recorded={recorded?.owner} />
      <Divider orientation="left" plain style={{ margin: '4px 0 12px' }}>
        代理人
      </Divider>
      <Form.Item label="有代理人" name="has_agent" valuePropName="checked">
        <Switch checkedChildren="有" unCheckedChildren="无" data-testid="house-has-agent" />
      </Form.Item>
      {hasAgent && <PartyFields field="agent" label="代理人" recorded={recorded?.agent} />}
    </>
  );
}
