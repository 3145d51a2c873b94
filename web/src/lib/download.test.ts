import { describe, expect, it } from 'vitest';
import { downloadName } from './download';

describe('downloadName', () => {
  it('reads the UTF-8 name the statistics service sends', () => {
    const name = encodeURIComponent('幸福社区_2026-03-01_2026-03-31.xlsx');
    expect(downloadName(`attachment; filename*=UTF-8''${name}`, 'x.xlsx')).toBe(
      '幸福社区_2026-03-01_2026-03-31.xlsx',
    );
  });

  it('falls back to the plain name, then to the given one', () => {
    expect(downloadName('attachment; filename="report.xlsx"', 'x.xlsx')).toBe('report.xlsx');
    expect(downloadName('attachment; filename=report.xlsx; size=3', 'x.xlsx')).toBe('report.xlsx');
    expect(downloadName('attachment', 'x.xlsx')).toBe('x.xlsx');
    expect(downloadName(null, 'x.xlsx')).toBe('x.xlsx');
    expect(downloadName("attachment; filename*=UTF-8''%E0%A4%A", 'x.xlsx')).toBe('x.xlsx');
  });

  it('keeps folders out of the name', () => {
    expect(downloadName('attachment; filename="../../etc/a.xlsx"', 'x.xlsx')).toBe('_.._etc_a.xlsx');
  });
});
