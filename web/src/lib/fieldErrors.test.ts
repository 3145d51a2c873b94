import { describe, expect, it } from 'vitest';
import { detailMessage, isValidationDetail, locToPath, splitFieldErrors, type FieldPath } from './fieldErrors';
import { CHECKIN_ALIASES, isCheckinField } from './checkin';

describe('locToPath', () => {
  it('drops "body"', () => {
    expect(locToPath(['body', 'person', 'id_number'])).toEqual(['person', 'id_number']);
    expect(locToPath(['body', 'arrival_date'])).toEqual(['arrival_date']);
  });

  it('turns list indices into numbers, whether sent as numbers or digit strings', () => {
    expect(locToPath(['body', 'minors', 0, 'name'])).toEqual(['minors', 0, 'name']);
    expect(locToPath(['body', 'minors', '1', 'birth_date'])).toEqual(['minors', 1, 'birth_date']);
  });

  it('renames aliased fields', () => {
    expect(locToPath(['body', 'unit_id'], CHECKIN_ALIASES)).toEqual(['unit_path']);
  });

  it('is null for what is not a body field', () => {
    expect(locToPath(['query', 'page'])).toBeNull();
    expect(locToPath(['body'])).toBeNull();
  });
});

describe('splitFieldErrors', () => {
  const onForm = (path: FieldPath) => isCheckinField(path, 1);

  it('puts each message beside its field and the rest apart', () => {
    const split = splitFieldErrors(
      [
        { loc: ['body', 'person', 'id_number'], msg: '公民身份号码校验位错误', type: 'value_error' },
        { loc: ['body', 'person', 'id_number'], msg: '地区码未知', type: 'value_error' },
        { loc: ['body', 'unit_id'], msg: '房号, 必须录入, 不能为空!', type: 'missing' },
        { loc: ['body', 'minors', '0', 'name'], msg: '姓名, 必须录入, 不能为空!', type: 'value_error' },
        { loc: ['body', 'minors', '3', 'name'], msg: '未成年人超过人数', type: 'value_error' },
        { loc: ['body', 'capture', 'reader_id'], msg: '读卡器编号缺失', type: 'value_error' },
      ],
      onForm,
      CHECKIN_ALIASES,
    );
    expect(split.fields).toEqual([
      { name: ['person', 'id_number'], errors: ['公民身份号码校验位错误', '地区码未知'] },
      { name: ['unit_path'], errors: ['房号, 必须录入, 不能为空!'] },
      { name: ['minors', 0, 'name'], errors: ['姓名, 必须录入, 不能为空!'] },
    ]);
    expect(split.others).toEqual([
      '未成年人超过人数 (minors.3.name)',
      '读卡器编号缺失 (capture.reader_id)',
    ]);
  });

  it('keeps body-level errors for the Alert', () => {
    const split = splitFieldErrors([{ loc: ['body'], msg: 'JSON decode error' }], onForm);
    expect(split.fields).toEqual([]);
    expect(split.others).toEqual(['JSON decode error']);
  });

  it('maps employer fields', () => {
    const split = splitFieldErrors(
      [{ loc: ['body', 'employment', 'employer', 'name'], msg: '工作单位, 必须录入, 不能为空!' }],
      onForm,
    );
    expect(split.fields[0].name).toEqual(['employment', 'employer', 'name']);
  });
});

describe('isCheckinField', () => {
  it('knows the form', () => {
    expect(isCheckinField(['person', 'ethnicity'], 0)).toBe(true);
    expect(isCheckinField(['person', 'nationality'], 0, false)).toBe(false);
    expect(isCheckinField(['person', 'nationality'], 0, true)).toBe(true);
    expect(isCheckinField(['housing_type'], 0)).toBe(true);
    expect(isCheckinField(['unit_id'], 0)).toBe(false);
    expect(isCheckinField(['minors', 0, 'school_id'], 1)).toBe(true);
    expect(isCheckinField(['minors', 1, 'school_id'], 1)).toBe(false);
    expect(isCheckinField(['employment', 'years_worked'], 0)).toBe(true);
    expect(isCheckinField(['capture', 'channel'], 0)).toBe(false);
    expect(isCheckinField(['person'], 0)).toBe(false);
  });
});

describe('detail messages', () => {
  it('recognises a 422 detail', () => {
    expect(isValidationDetail([{ loc: ['body'], msg: 'x', type: 't' }])).toBe(true);
    expect(isValidationDetail('用户名或密码错误')).toBe(false);
    expect(isValidationDetail([{ msg: 'x' }])).toBe(false);
  });

  it('says a string detail as it is and joins a list', () => {
    expect(detailMessage('登录失败次数过多, 请30秒后再试')).toBe('登录失败次数过多, 请30秒后再试');
    expect(detailMessage([{ loc: ['body', 'a'], msg: '一' }, { loc: ['body', 'b'], msg: '二' }])).toBe('一; 二');
    expect(detailMessage(undefined)).toBeNull();
    expect(detailMessage('')).toBeNull();
  });
});
