import { describe, expect, it } from 'vitest';
import { MAX_PHOTO_BYTES, photoProblem } from './coordinatorPhoto';

describe('photoProblem', () => {
  it('takes a JPEG or a PNG up to 2 MB', () => {
    expect(photoProblem({ name: 'me.jpg', type: 'image/jpeg', size: 1000 })).toBeNull();
    expect(photoProblem({ name: 'me.PNG', type: 'image/png', size: MAX_PHOTO_BYTES })).toBeNull();
  });

  it('refuses another kind of file, naming it', () => {
    expect(photoProblem({ name: '简历.pdf', type: 'application/pdf', size: 10 })).toBe(
      '“简历.pdf” 不是照片: 只能上传 JPG 或 PNG 格式的图片',
    );
    expect(photoProblem({ name: 'me.gif', type: 'image/gif', size: 10 })).toMatch(/JPG 或 PNG/);
  });

  it('goes by the name when the browser gives no type', () => {
    expect(photoProblem({ name: 'me.jpeg', type: '', size: 10 })).toBeNull();
    expect(photoProblem({ name: 'me.bmp', type: '', size: 10 })).toMatch(/不是照片/);
  });

  it('refuses an empty or too large file with its size', () => {
    expect(photoProblem({ name: 'a.png', type: 'image/png', size: 0 })).toMatch(/空的/);
    expect(photoProblem({ name: 'a.png', type: 'image/png', size: 3 * 1024 * 1024 })).toBe(
      '照片过大 (3.0 MB), 不能超过 2 MB',
    );
  });
});
