import { Button, Col, DatePicker, Form, Input, Row, Select } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { PlaceCascader } from '../../components/PlaceCascader';
import { STATUS_NAMES, type ResidenceStatus } from '../../lib/labels';

export interface FilterValues {
  id_number?: string;
  name?: string;
  period?: [Dayjs | null, Dayjs | null] | null;
  status?: ResidenceStatus | null;
  place_path?: string[];
}

export interface Filters {
  id_number?: string;
  name?: string;
  arrived_from?: string;
  arrived_to?: string;
  status?: ResidenceStatus;
  place_id?: string;
}

export function toFilters(values: FilterValues): Filters {
  const [from, to] = values.period ?? [null, null];
  const path = values.place_path ?? [];
  const text = (v: string | undefined) => (v && v.trim() ? v.trim() : undefined);
  return {
    id_number: text(values.id_number),
    name: text(values.name),
    arrived_from: from ? from.format('YYYY-MM-DD') : undefined,
    arrived_to: to ? to.format('YYYY-MM-DD') : undefined,
    status: values.status ?? undefined,
    place_id: path.length > 0 ? path[path.length - 1] : undefined,
  };
}

/** 查询条件: ID number, name or pinyin initials, check-in period, status, place. */
export function FilterBar({
  scopePlaceId,
  onSearch,
  busy,
}: {
  scopePlaceId: string | null;
  onSearch: (filters: Filters) => void;
  busy: boolean;
}) {
  const [form] = Form.useForm<FilterValues>();
  return (
    <Form<FilterValues>
      form={form}
      name="person-search"
      layout="vertical"
      onFinish={(values) => onSearch(toFilters(values))}
      aria-label="查询条件"
    >
      <Row gutter={12} align="bottom">
        <Col xs={24} sm={12} lg={6} xl={4}>
          <Form.Item label="公民身份号码" name="id_number">
            <Input allowClear maxLength={32} autoComplete="off" data-testid="search-id-number" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12} lg={6} xl={4}>
          <Form.Item label="姓名/拼音" name="name" tooltip="姓名开头或拼音首字母, 如 张 或 zs">
            <Input allowClear maxLength={60} autoComplete="off" data-testid="search-name" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12} lg={6} xl={5}>
          <Form.Item label="登记期间" name="period" tooltip="到达本地日期在此期间">
            <DatePicker.RangePicker
              style={{ width: '100%' }}
              allowEmpty={[true, true]}
              data-testid="search-period"
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12} lg={6} xl={3}>
          <Form.Item label="状态" name="status">
            <Select
              allowClear
              placeholder="全部"
              data-testid="search-status"
              options={(Object.keys(STATUS_NAMES) as ResidenceStatus[]).map((s) => ({
                value: s,
                label: STATUS_NAMES[s],
              }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={16} lg={12} xl={5}>
          <Form.Item label="地点" name="place_path">
            <PlaceCascader rootId={scopePlaceId} data-testid="search-place" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={8} lg={12} xl={3}>
          <Form.Item>
            <Button
              type="primary"
              htmlType="submit"
              icon={<SearchOutlined />}
              loading={busy}
              data-testid="search-submit"
            >
              查询
            </Button>
            <Button
              style={{ marginLeft: 8 }}
              onClick={() => {
                form.resetFields();
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
