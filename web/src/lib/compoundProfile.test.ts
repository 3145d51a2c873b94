import { describe, expect, it } from 'vitest';
import type { CompoundProfile } from '../api/compounds';
import { buildProfileBody, isBlankCompany, profileToForm } from './compoundProfile';

const SAVED: CompoundProfile = {
  compound: { id: 'c1', kind: 'compound', name: '幸福小区', code: null, path: [] },
  developer: { name: '城关置业有限公司', credit_code: '91110000600037341L' },
  builder: null,
  property_company: { name: '安居物业', contact_person: '孙经理', phone: '0931-8888888' },
  location: { lng: 103.83, lat: 36.06 },
  updated_at: '2026-03-01T10:00:00Z',
  residents: { current: 0, households: 0, by_building: [] },
};

describe('five-in-one form', () => {
  it('sends back what was read unchanged, a missing company as null', () => {
    expect(buildProfileBody(profileToForm(SAVED))).toEqual({
      developer: {
        name: '城关置业有限公司',
        credit_code: '91110000600037341L',
        contact_person: null,
        phone: null,
      },
      builder: null,
      property_company: {
        name: '安居物业',
        credit_code: null,
        contact_person: '孙经理',
        phone: '0931-8888888',
      },
      location: { lng: 103.83, lat: 36.06 },
    });
  });

  it('removes a company the clerk cleared, and trims what was typed', () => {
    const form = profileToForm(SAVED);
    form.developer = { name: ' ', credit_code: '', contact_person: '', phone: '' };
    form.builder = { name: ' 第三建筑公司 ', credit_code: '91110000600037341l' };
    const body = buildProfileBody(form);
    expect(body.developer).toBeNull();
    expect(body.builder).toEqual({
      name: '第三建筑公司',
      credit_code: '91110000600037341L',
      contact_person: null,
      phone: null,
    });
  });

  it('counts a company with only a contact as filled in (its name is then required)', () => {
    expect(isBlankCompany({ name: '', contact_person: '孙经理' })).toBe(false);
    expect(isBlankCompany({ name: '  ', phone: '' })).toBe(true);
    expect(isBlankCompany(undefined)).toBe(true);
  });
});

describe("the compound's location", () => {
  it('is sent with both numbers, and as none with either missing', () => {
    const form = profileToForm({ ...SAVED, location: null });
    expect(form.location).toEqual({ lng: null, lat: null });
    expect(buildProfileBody(form).location).toBeNull();
    expect(buildProfileBody({ ...form, location: { lng: 103.8, lat: null } }).location).toBeNull();
    expect(buildProfileBody({ ...form, location: { lng: 0, lat: 51.48 } }).location).toEqual({
      lng: 0,
      lat: 51.48,
    });
  });
});
