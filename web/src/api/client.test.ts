import { describe, expect, it } from 'vitest';
import { buildUrl, errorMessage } from './client';
import { tokensFrom } from './tokens';

describe('client helpers', () => {
  it('shows the server\'s words, or a Chinese message for the status', () => {
    expect(errorMessage(401, '用户名或密码错误')).toBe('用户名或密码错误');
    expect(errorMessage(429, '登录失败次数过多, 请30秒后再试')).toBe('登录失败次数过多, 请30秒后再试');
    expect(errorMessage(404, undefined)).toBe('记录不存在或不在管辖范围内');
    expect(errorMessage(502, undefined)).toBe('服务暂时不可用, 请稍后再试 (502)');
    expect(errorMessage(422, [{ loc: ['body', 'reason'], msg: '注销原因, 必须录入' }])).toBe('注销原因, 必须录入');
  });

  it('leaves empty query values out', () => {
    expect(buildUrl('/api/persons', { name: 'zs', place_id: undefined, status: '', page: 2 })).toBe(
      '/api/persons?name=zs&page=2',
    );
    expect(buildUrl('/api/persons', {})).toBe('/api/persons');
  });

  it('keeps when the access token expires', () => {
    expect(tokensFrom({ access_token: 'a', refresh_token: 'r', expires_in: 3600 }, 1000)).toEqual({
      access_token: 'a',
      refresh_token: 'r',
      expires_at: 3_601_000,
    });
  });
});
