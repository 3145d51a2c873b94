import { describe, expect, it } from 'vitest';
import { amendmentBody, amendmentStart, changedNames } from './amendment';

const record = {
  name: '李晓明',
  id_number: '110105199001011234',
  sex: '1',
  ethnicity: '01',
  birth_date: '1990-01-01',
  phone: '13800000000',
  details: { hukou_address: '北京市朝阳区', education: '21', marital_status: null },
};

describe('amendment', () => {
  it('starts from the record, details included', () => {
    const start = amendmentStart(record);
    expect(start.name).toBe('李晓明');
    expect(start.hukou_address).toBe('北京市朝阳区');
    expect(start.political_status).toBeNull();
  });

  it('sends only what the clerk changed, with the reason', () => {
    const start = amendmentStart(record);
    const body = amendmentBody(start, { ...start, phone: ' 13900000000 ', reason: ' 号码变更 ' });
    expect(body).toEqual({ phone: '13900000000', reason: '号码变更' });
    expect(changedNames(body ?? {})).toBe('联系方式');
  });

  it('sends nothing when nothing changed, blanks and spaces included', () => {
    const start = amendmentStart(record);
    expect(amendmentBody(start, { ...start, hukou_address: '北京市朝阳区 ', marital_status: '' })).toBeNull();
  });

  it('sends a cleared field as null', () => {
    const start = amendmentStart(record);
    expect(amendmentBody(start, { ...start, education: undefined, reason: 'x' })).toEqual({
      education: null,
      reason: 'x',
    });
    expect(changedNames({ education: null, name: 'a' })).toBe('姓名、学历');
  });
});
