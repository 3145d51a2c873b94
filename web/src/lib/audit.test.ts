import { describe, expect, it } from 'vitest';
import { auditDetail } from './audit';

describe('an audit entry in one line', () => {
  it('names the filters of a search and how many persons it showed', () => {
    expect(
      auditDetail({ records: ['a', 'b', 'c'], purpose: null, detail: { filters: ['name', 'place_id'] } }),
    ).toBe('条件: 姓名、地点; 涉及 3 人');
  });

  it('says why a login was refused, in Chinese', () => {
    expect(auditDetail({ records: [], purpose: null, detail: { reason: 'locked' } })).toBe('账户已锁定');
  });

  it('names an export and the stated purpose', () => {
    expect(auditDetail({ records: [], purpose: '核查', detail: { export: 'audit_log' } })).toBe(
      '导出: 审计日志; 用途: 核查',
    );
  });
});
