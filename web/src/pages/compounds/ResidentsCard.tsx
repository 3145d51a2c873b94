import { Card, Col, Row, Space, Statistic, Table } from 'antd';
import type { BuildingResidents, CompoundProfile } from '../../api/compounds';
import { EmptyState } from '../../components/PageState';

/** 居民: who lives in the compound now, from the registry, by building. */
export function ResidentsCard({ residents }: { residents: CompoundProfile['residents'] }) {
  return (
    <Card size="small" title="居民 (在住流动人口)">
      <Row gutter={24}>
        <Col xs={24} md={6}>
          <Space size="large">
            <Statistic
              title="在住人数"
              value={residents.current}
              suffix="人"
              data-testid="compound-residents"
            />
            <Statistic title="户数" value={residents.households} suffix="户" />
          </Space>
        </Col>
        <Col xs={24} md={18}>
          <Table<BuildingResidents>
            rowKey="building_id"
            size="small"
            pagination={false}
            dataSource={residents.by_building}
            columns={[
              { title: '楼栋', dataIndex: 'building', key: 'building' },
              { title: '在住人数', dataIndex: 'residents', key: 'residents', width: 120 },
              { title: '户数', dataIndex: 'households', key: 'households', width: 120 },
            ]}
            locale={{ emptyText: <EmptyState description="小区下尚无楼栋" /> }}
            scroll={{ y: 240 }}
          />
        </Col>
      </Row>
    </Card>
  );
}
