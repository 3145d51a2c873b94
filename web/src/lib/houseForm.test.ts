import { describe, expect, it } from 'vitest';
import type { HouseRecord } from '../api/units';
import {
  buildHouseBody,
  buildHouseCreate,
  houseToForm,
  isHouseField,
  unitPathFor,
  type HouseFormValues,
} from './houseForm';

const FILLED: HouseFormValues = {
  unit_path: ['compound-1', 'building-1', 'unit-101'],
  archive_no: ' FW-2026-001 ',
  use: 'rented',
  capacity: 2,
  floor_area: 58.5,
  owner: { kind: 'person', name: ' 赵房东 ', id_number: '11010519491231002x ', phone: '' },
  has_agent: false,
  agent: { kind: 'person', name: '孙中介' },
};

const HOUSE: HouseRecord = {
  house_id: 'house-1',
  archive_no: 'FW-1',
  use: 'rented',
  capacity: 2,
  floor_area: '58.50',
  owner: { kind: 'person', name: '赵房东', id_number: '110105********002X', phone: '137****1234' },
  agent: null,
  cancelled: false,
  cancelled_reason: null,
  coordinator_id: null,
  coordinator_name: null,
  registered_at: '2026-01-01T08:00:00+08:00',
  over_capacity: false,
};

describe('buildHouseCreate', () => {
  it('sends the unit picked last, trimmed texts, the area with two decimals', () => {
    expect(buildHouseCreate(FILLED)).toEqual({
      unit_id: 'unit-101',
      archive_no: 'FW-2026-001',
      use: 'rented',
      capacity: 2,
      floor_area: '58.50',
      owner: { kind: 'person', name: '赵房东', id_number: '11010519491231002X' },
    });
  });

  it('sends the agent only when the form says there is one', () => {
    const body = buildHouseCreate({ ...FILLED, has_agent: true });
    expect(body.agent).toEqual({ kind: 'person', name: '孙中介' });
  });

  it('leaves empty numbers out and names a missing unit as empty (the server says which)', () => {
    const body = buildHouseCreate({ owner: { name: '某公司', kind: 'company' } });
    expect(body).toEqual({
      unit_id: '',
      archive_no: '',
      use: '',
      owner: { kind: 'company', name: '某公司' },
    });
  });
});

describe('editing a house whose numbers the page shows masked', () => {
  it('starts the ID number and phone blank, never the masked text', () => {
    const form = houseToForm(HOUSE);
    expect(form.owner).toEqual({ kind: 'person', name: '赵房东', id_number: '', phone: '' });
    expect(form.floor_area).toBe(58.5);
    expect(form.has_agent).toBe(false);
  });

  it('sends no number for a blank field: the service keeps the one on record', () => {
    const body = buildHouseBody({ ...houseToForm(HOUSE), use: 'vacant' });
    expect(body.owner).toEqual({ kind: 'person', name: '赵房东' });
    expect(body.use).toBe('vacant');
  });

  it('sends a number typed over the recorded one', () => {
    const form = houseToForm(HOUSE);
    const body = buildHouseBody({ ...form, owner: { ...form.owner, phone: ' 13900000000 ' } });
    expect(body.owner).toEqual({ kind: 'person', name: '赵房东', phone: '13900000000' });
  });
});

describe('isHouseField', () => {
  it('knows the unit only while registering, and the agent only when shown', () => {
    expect(isHouseField(['unit_path'], false, true)).toBe(true);
    expect(isHouseField(['unit_path'], false, false)).toBe(false);
    expect(isHouseField(['owner', 'id_number'], false, false)).toBe(true);
    expect(isHouseField(['agent', 'id_number'], false, false)).toBe(false);
    expect(isHouseField(['agent', 'id_number'], true, false)).toBe(true);
    expect(isHouseField(['house_id'], true, true)).toBe(false);
  });
});

describe('unitPathFor', () => {
  const path = [
    { id: 'd', kind: 'district' as const, name: '城关区' },
    { id: 's', kind: 'station' as const, name: '东关派出所' },
    { id: 'c', kind: 'community' as const, name: '东关社区' },
    { id: 'u', kind: 'unit' as const, name: '01室' },
  ];

  it('starts below the user scope, as the cascader does', () => {
    expect(unitPathFor(path, 's')).toEqual(['c', 'u']);
    expect(unitPathFor(path, null)).toEqual(['d', 's', 'c', 'u']);
  });

  it('is empty for a unit outside the scope, and the unit itself for a user scoped to it', () => {
    expect(unitPathFor(path, 'elsewhere')).toEqual([]);
    expect(unitPathFor(path, 'u')).toEqual(['u']);
  });
});
