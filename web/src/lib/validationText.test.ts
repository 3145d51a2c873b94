import { describe, expect, it } from 'vitest';
import { inChinese } from './validationText';

describe('inChinese', () => {
  it("puts pydantic's English in Chinese, naming the field", () => {
    const items = inChinese([
      {
        loc: ['body', 'owner', 'phone'],
        msg: "String should match pattern '^[\\d\\-+ ]{5,20}$'",
        type: 'string_pattern_mismatch',
      },
      {
        loc: ['body', 'capacity'],
        msg: 'Input should be less than or equal to 1000',
        type: 'less_than_equal',
        ctx: { le: 1000 },
      },
      {
        loc: ['body', 'tenants'],
        msg: 'List should have at least 1 item',
        type: 'too_short',
        ctx: { min_length: 1 },
      },
    ]);
    expect(items.map((i) => i.msg)).toEqual([
      '联系电话, 格式不正确',
      '核定居住人数, 不能大于 1000',
      '承租人, 至少录入 1 项',
    ]);
    expect(items[0].loc).toEqual(['body', 'owner', 'phone']);
  });

  it("leaves the rules' own Chinese messages as they are", () => {
    const item = { loc: ['body', 'archive_no'], msg: '房屋档案编号已被使用', type: 'value_error' };
    expect(inChinese([item])).toEqual([item]);
  });
});
