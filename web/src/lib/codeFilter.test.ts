import { describe, expect, it } from 'vitest';
import { filterCodes, matchRank } from './codeFilter';

const ETHNICITY = [
  { code: '01', name: '汉族', initials: 'hz' },
  { code: '02', name: '蒙古族', initials: 'mgz' },
  { code: '03', name: '回族', initials: 'hz' },
  { code: '10', name: '朝鲜族', initials: 'cxz' },
];

describe('code tables picked by code, characters or pinyin initials', () => {
  it('by code', () => {
    expect(filterCodes(ETHNICITY, '01').map((e) => e.name)).toEqual(['汉族']);
    expect(filterCodes(ETHNICITY, '0').map((e) => e.code)).toEqual(['01', '02', '03']);
  });

  it('by characters', () => {
    expect(filterCodes(ETHNICITY, '汉').map((e) => e.code)).toEqual(['01']);
    expect(filterCodes(ETHNICITY, '族').map((e) => e.code)).toEqual(['01', '02', '03', '10']);
  });

  it('by pinyin initials, exact ones first', () => {
    expect(filterCodes(ETHNICITY, 'hz').map((e) => e.code)).toEqual(['01', '03']);
    expect(filterCodes(ETHNICITY, 'MG').map((e) => e.code)).toEqual(['02']);
    expect(filterCodes(ETHNICITY, 'c').map((e) => e.code)).toEqual(['10']);
  });

  it('ranks exact before prefix before contained', () => {
    expect(matchRank({ code: 'CHN', name: '中国', initials: 'zg' }, 'CHN')).toBe(0);
    expect(matchRank({ code: 'CHN', name: '中国', initials: 'zg' }, 'chn')).toBe(0);
    expect(matchRank({ code: 'CHN', name: '中国', initials: 'zg' }, 'zg')).toBe(0);
    expect(matchRank({ code: 'CHN', name: '中国', initials: 'zg' }, '国')).toBe(2);
    expect(matchRank({ code: 'CHN', name: '中国', initials: 'zg' }, '美')).toBeNull();
  });

  it('keeps everything for an empty query', () => {
    expect(filterCodes(ETHNICITY, ' ')).toHaveLength(4);
  });
});
