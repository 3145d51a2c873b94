/**
 * A coordinator's photo as the server takes it (services/housing photos.py): a real JPEG or
 * PNG of at most 2 MB. Checked before sending so that the clerk hears why at once; the
 * server checks the content again.
 */

export const MAX_PHOTO_BYTES = 2 * 1024 * 1024;
export const PHOTO_ACCEPT = '.jpg,.jpeg,.png,image/jpeg,image/png';

const TYPES = ['image/jpeg', 'image/png'];
const EXTENSIONS = /\.(jpe?g|png)$/i;

/** Why the file cannot be a photo, in the clerk's words; null when it may be sent. */
export function photoProblem(file: { name: string; type: string; size: number }): string | null {
  const typed = file.type ? TYPES.includes(file.type) : EXTENSIONS.test(file.name);
  if (!typed) return `“${file.name}” 不是照片: 只能上传 JPG 或 PNG 格式的图片`;
  if (file.size === 0) return '照片文件是空的, 请重新选择';
  if (file.size > MAX_PHOTO_BYTES) {
    const mb = (file.size / 1024 / 1024).toFixed(1);
    return `照片过大 (${mb} MB), 不能超过 2 MB`;
  }
  return null;
}
