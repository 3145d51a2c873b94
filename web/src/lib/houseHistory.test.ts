import { describe, expect, it } from 'vitest';
import type { HouseEvent } from '../api/houses';
import { factChanges, historyLines } from './houseHistory';

const OWNER = {
  kind: 'person',
  name: '赵房东',
  id_number: '11010519491231002X',
  phone: '13700001234',
};
const FACTS = {
  archive_no: 'FW-1',
  use: 'rented',
  capacity: 2,
  floor_area: '58.50',
  owner: OWNER,
  agent: null,
};

function event(version: number, type: string, data: Record<string, unknown>): HouseEvent {
  return {
    version,
    at: '2026-06-15T01:00:00Z',
    type,
    actor: { username: 'station-1', role: 'station' },
    data,
  };
}

describe('historyLines', () => {
  const lines = historyLines(
    [
      event(1, 'liudong.house.registered', { facts: FACTS }),
      event(2, 'liudong.house.changed', {
        facts: { ...FACTS, use: 'vacant', floor_area: '58.5' },
      }),
      event(3, 'liudong.rental.filed', {
        tenants: [{ name: '钱租客', id_number: '110105199001011237' }],
        start_date: '2026-01-01',
        end_date: '2026-12-31',
        monthly_rent: '1800.00',
      }),
      event(4, 'liudong.inspection.recorded', {
        inspected_on: '2026-06-15',
        hazards: [{ category: 'fire', department: 'fire' }],
      }),
      event(5, 'liudong.house.cancelled', { reason: '拆迁' }),
      event(6, 'liudong.house.coordinator_assigned', { coordinator_id: 'c1' }),
      event(7, 'liudong.house.coordinator_assigned', { coordinator_id: 'c2' }),
      event(8, 'liudong.house.coordinator_assigned', { coordinator_id: null }),
    ],
    (id) => (id === 'c1' ? '王协管' : undefined),
  );

  it('names each event in Chinese, with who did it', () => {
    expect(lines.map((l) => l.title)).toEqual([
      '房屋登记',
      '信息修改',
      '租赁合同备案',
      '出租屋检查',
      '注销(拆迁)',
      '指派协管员',
      '指派协管员',
      '指派协管员',
    ]);
    expect(lines[0].who).toBe('station-1');
  });

  it('never shows an ID number or phone in full', () => {
    const all = lines.map((l) => l.detail).join('\n');
    expect(all).toContain('赵房东');
    expect(all).not.toContain('11010519491231002X');
    expect(all).not.toContain('13700001234');
    expect(all).not.toContain('110105199001011237');
  });

  it('says what a change changed, an area written otherwise being no change', () => {
    expect(lines[1].detail).toBe('用途: 出租 → 空置');
  });

  it('says where hazards were sent and who the coordinator is', () => {
    expect(lines[3].detail).toBe('检查日期 2026-06-15, 隐患 消防隐患→消防');
    expect(lines[4].detail).toBe('原因: 拆迁');
    expect(lines[5].detail).toBe('协管员: 王协管');
    expect(lines[6].detail).toBe('已指派协管员'); // not a bare id
    expect(lines[7].detail).toBe('取消指派协管员');
  });
});

describe('historyLines of masked events, as the service sends them', () => {
  const shown = { ...OWNER, id_number: '110105********002X', phone: '137****1234' };
  const lines = historyLines([
    event(1, 'liudong.house.registered', { facts: { ...FACTS, owner: shown } }),
    event(2, 'liudong.house.changed', {
      facts: { ...FACTS, owner: { ...shown, name: '赵房主' } },
    }),
    event(3, 'liudong.house.changed', {
      facts: { ...FACTS, owner: { ...shown, name: '赵房主' } },
    }),
  ]);

  it('shows the masked numbers as they came', () => {
    expect(lines[0].detail).toBe('档案编号 FW-1, 用途 出租, 产权人 赵房东 · 110105********002X · 137****1234');
    expect(lines[1].detail).toBe(
      '产权人: 赵房东 · 110105********002X · 137****1234 → 赵房主 · 110105********002X · 137****1234',
    );
  });

  it('says a number was corrected when only its masked-out digits changed', () => {
    expect(lines[2].detail).toBe('证件号码或联系电话已更正');
  });
});

describe('factChanges', () => {
  it('shows a new owner masked', () => {
    const text = factChanges(
      { owner: { kind: 'person', name: '赵房东' } },
      { owner: { kind: 'person', name: '钱房东', id_number: '11010519491231002X' } },
    );
    expect(text).toBe('产权人: 赵房东 → 钱房东 · 110105********002X');
  });
});
