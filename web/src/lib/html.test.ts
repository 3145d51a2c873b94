import { describe, expect, it } from 'vitest';
import { escapeHtml } from './html';

describe('escapeHtml', () => {
  it('leaves plain names alone and disarms markup', () => {
    expect(escapeHtml('幸福小区')).toBe('幸福小区');
    expect(escapeHtml('<img src=x onerror="a()">&\'')).toBe('&#60;img src=x onerror=&#34;a()&#34;&#62;&#38;&#39;');
  });
});
