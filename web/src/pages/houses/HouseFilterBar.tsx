import { Button, Checkbox, Col, Form, Input, Row, Select } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { PlaceCascader } from '../../components/PlaceCascader';
import { USE_NAMES, USES } from '../../lib/houseLabels';
import type { HouseFilterValues } from '../../lib/houseSearch';
import { CoordinatorSelect } from '../../components/CoordinatorSelect';

const NARROW = { xs: 24, sm: 12, lg: 6, xl: 4 } as const;
const WIDE = { xs: 24, sm: 12, lg: 12, xl: 8 } as const;

const STATUS_OPTIONS = [
  { value: 'all', label: '全部' },
  { value: 'active', label: '在册' },
  { value: 'cancelled', label: '已注销' },
];

const EMPTY: HouseFilterValues = {
  place_path: undefined,
  archive_no: undefined,
  owner: undefined,
  owner_id_number: undefined,
  agent: undefined,
  address: undefined,
  use: undefined,
  status: 'all',
  over_capacity: false,
  coordinator_id: undefined,
};

/** 查询条件 of the house register: place, archive number, owner, agent, address, use… */
export function HouseFilterBar({
  scopePlaceId,
  initial,
  withCoordinator,
  busy,
  onSearch,
}: {
  scopePlaceId: string | null;
  initial: HouseFilterValues;
  withCoordinator: boolean;
  busy: boolean;
  onSearch: (filters: HouseFilterValues) => void;
}) {
  const [form] = Form.useForm<HouseFilterValues>();

  return (
    <Form<HouseFilterValues>
      form={form}
      name="house-search"
      layout="vertical"
      initialValues={{ status: 'all', ...initial }}
      onFinish={onSearch}
      aria-label="查询条件"
    >
      <Row gutter={12} align="bottom">
        <Col {...WIDE}>
          <Form.Item label="地点" name="place_path">
            <PlaceCascader rootId={scopePlaceId} data-testid="house-search-place" />
          </Form.Item>
        </Col>
        <Col {...NARROW}>
          <Form.Item label="房屋档案编号" name="archive_no" tooltip="编号开头">
            <Input allowClear maxLength={40} data-testid="house-search-archive-no" />
          </Form.Item>
        </Col>
        <Col {...NARROW}>
          <Form.Item label="产权人" name="owner" tooltip="姓名或单位名称开头">
            <Input allowClear maxLength={100} data-testid="house-search-owner" />
          </Form.Item>
        </Col>
        <Col {...NARROW}>
          <Form.Item label="产权人证件号码" name="owner_id_number">
            <Input allowClear maxLength={32} autoComplete="off" data-testid="house-search-owner-id" />
          </Form.Item>
        </Col>
        <Col {...NARROW}>
          <Form.Item label="代理人" name="agent" tooltip="姓名开头">
            <Input allowClear maxLength={100} data-testid="house-search-agent" />
          </Form.Item>
        </Col>
        <Col {...NARROW}>
          <Form.Item label="地址" name="address" tooltip="标准地址或描述地址中的任意部分">
            <Input allowClear maxLength={100} data-testid="house-search-address" />
          </Form.Item>
        </Col>
        <Col {...NARROW}>
          <Form.Item label="用途" name="use">
            <Select
              allowClear
              placeholder="全部"
              data-testid="house-search-use"
              options={USES.map((u) => ({ value: u, label: USE_NAMES[u] }))}
            />
          </Form.Item>
        </Col>
        <Col {...NARROW}>
          <Form.Item label="状态" name="status">
            <Select options={STATUS_OPTIONS} data-testid="house-search-status" />
          </Form.Item>
        </Col>
        {withCoordinator && (
          <Col {...NARROW}>
            <Form.Item label="协管员" name="coordinator_id">
              <CoordinatorSelect data-testid="house-search-coordinator" />
            </Form.Item>
          </Col>
        )}
        <Col {...NARROW}>
          <Form.Item name="over_capacity" valuePropName="checked">
            <Checkbox data-testid="house-search-over-capacity">只看超员房屋</Checkbox>
          </Form.Item>
        </Col>
        <Col {...NARROW}>
          <Form.Item>
            <Button
              type="primary"
              htmlType="submit"
              icon={<SearchOutlined />}
              loading={busy}
              data-testid="house-search-submit"
            >
              查询
            </Button>
            <Button
              style={{ marginLeft: 8 }}
              onClick={() => {
                // Not resetFields: that would go back to the search the page opened with.
                form.setFieldsValue(EMPTY);
                onSearch({});
              }}
            >
              重置
            </Button>
          </Form.Item>
        </Col>
      </Row>
    </Form>
  );
}
