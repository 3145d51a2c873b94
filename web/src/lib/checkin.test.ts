import { describe, expect, it } from 'vitest';
import { buildCheckinBody, buildEmployment, fillFromIdNumber, type CheckinFormValues } from './checkin';

const FULL: CheckinFormValues = {
  unit_path: ['compound-1', 'building-1', 'unit-101'],
  arrival_date: '2026-11-02',
  housing_type: 'rented',
  reason: 'work',
  intended_stay_days: 365,
  applies_for_permit: true,
  person: {
    id_type: null,
    id_number: '11010519491231002x ',
    name: ' 单明 ',
    sex: '2',
    ethnicity: '01',
    birth_date: '1949-12-31',
    phone: '',
    hukou_address: '北京市朝阳区',
    hukou_type: '2',
    marital_status: null,
    political_status: undefined,
    education: '21',
    military_service: '0',
    nationality: 'CHN',
  },
  employment: {
    has_local_employer: true,
    occupation: '厨师',
    employer: { name: '丹心酒楼', contact_person: '', phone: '0931-1234567', address: undefined },
    years_worked: 3,
    labour_contract: false,
    social_insurance: null,
  },
  minors: [{ name: '小明', sex: '1', birth_date: '2018-05-01', id_number: '', relationship: '子', school_id: null }],
};

describe('buildCheckinBody', () => {
  it('sends every declaration field the form holds, trimmed, and nothing empty', () => {
    const body = buildCheckinBody(FULL, { channel: 'typed' });
    expect(body).toEqual({
      unit_id: 'unit-101',
      arrival_date: '2026-11-02',
      housing_type: 'rented',
      reason: 'work',
      intended_stay_days: 365,
      applies_for_permit: true,
      person: {
        id_number: '11010519491231002X',
        name: '单明',
        sex: '2',
        ethnicity: '01',
        birth_date: '1949-12-31',
        hukou_address: '北京市朝阳区',
        hukou_type: '2',
        education: '21',
        military_service: '0',
      },
      employment: {
        has_local_employer: true,
        occupation: '厨师',
        employer: { name: '丹心酒楼', phone: '0931-1234567' },
        years_worked: 3,
        labour_contract: false,
      },
      capture: { channel: 'typed' },
      minors: [{ name: '小明', sex: '1', birth_date: '2018-05-01', relationship: '子' }],
    });
  });

  it('sends nationality with a passport only, the number as written', () => {
    const body = buildCheckinBody(
      { ...FULL, person: { ...FULL.person, id_type: 'passport', id_number: 'e1234 5678', nationality: 'GBR' } },
      { channel: 'card', reader_id: 'desk-1', chip_serial: null },
    );
    expect(body.person.id_type).toBe('passport');
    expect(body.person.id_number).toBe('E12345678');
    expect(body.person.nationality).toBe('GBR');
    expect(body.capture).toEqual({ channel: 'card', reader_id: 'desk-1', chip_serial: null });
  });

  it('leaves required fields empty for the server to name when missing', () => {
    const body = buildCheckinBody({}, { channel: 'typed' });
    expect(body.unit_id).toBe('');
    expect(body.person.name).toBe('');
    expect(body.minors).toEqual([]);
    expect(body.employment).toBeUndefined();
    expect('intended_stay_days' in body).toBe(false);
  });
});

describe('buildEmployment', () => {
  it('is absent when nothing was filled', () => {
    expect(buildEmployment({ employer: { name: ' ' }, occupation: '' })).toBeUndefined();
    expect(buildEmployment(undefined)).toBeUndefined();
  });

  it('keeps an employer without a name so that the server names the missing field', () => {
    expect(buildEmployment({ employer: { contact_person: '王经理' } })).toEqual({
      employer: { contact_person: '王经理', name: '' },
    });
  });
});

describe('what an ID number fills', () => {
  it('gives sex and birth date of a whole resident ID number', () => {
    expect(fillFromIdNumber('11010519491231002X', null)).toEqual({
      fill: { sex: '2', birth_date: '1949-12-31' },
      number: '11010519491231002X',
      valid: true,
    });
  });

  it('waits for the whole number and leaves passports alone', () => {
    expect(fillFromIdNumber('1101051949', null)).toBeNull();
    expect(fillFromIdNumber('11010519491231002X', 'passport')).toBeNull();
  });
});
