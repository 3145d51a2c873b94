import { Card, Col, Row, Statistic } from 'antd';
import type { FigureKey, Figures } from '../../api/stats';
import { FIGURE_NAMES } from '../../lib/statsCharts';

interface CardSpec {
  figure: FigureKey;
  testId: string;
  unit: string;
  hint: (to: string) => string;
  color?: string;
}

const CARDS: CardSpec[] = [
  { figure: 'checked_in', testId: 'stats-checked-in', unit: '人次', hint: () => '到达日期在统计期间内' },
  { figure: 'departed', testId: 'stats-departed', unit: '人次', hint: () => '离开日期在统计期间内' },
  { figure: 'current', testId: 'stats-current', unit: '人', hint: (to) => `截至 ${to} 日末在住`, color: '#1677ff' },
];

/** 登记入住, 离开, 现居住 of the place in the period. */
export function TotalsCards({ totals, to, loading }: { totals: Figures | undefined; to: string; loading: boolean }) {
  return (
    <Row gutter={12}>
      {CARDS.map(({ figure, testId, unit, hint, color }) => (
        <Col span={8} key={figure}>
          <Card size="small">
            <Statistic
              title={FIGURE_NAMES[figure]}
              value={totals ? totals[figure] : '—'}
              loading={loading}
              valueStyle={color ? { color } : undefined}
              suffix={<span style={{ fontSize: 14 }}>{unit}</span>}
              valueRender={(node) => (
                <span data-testid={testId} data-value={totals?.[figure]}>
                  {node}
                </span>
              )}
            />
            <div style={{ color: 'rgba(0,0,0,0.45)', fontSize: 12 }}>{hint(to)}</div>
          </Card>
        </Col>
      ))}
    </Row>
  );
}
