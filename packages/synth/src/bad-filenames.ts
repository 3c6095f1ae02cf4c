import type { Faker } from '@faker-js/faker';

const extensions: Record<string, string> = {
  pdf: 'pdf',
  scan: 'pdf',
  docx: 'docx',
  xlsx: 'xlsx',
  txt: 'txt',
  html: 'html',
  eml: 'eml',
  png: 'png',
};

/** Names that users and scanners really give files — and names that lie about the content or the type. */
export function badFilename(
  f: Faker,
  format: string,
  wrongLabel: string,
): { filename: string; misleading: boolean } {
  const ext = extensions[format] ?? 'bin';
  const n = f.number.int({ min: 1, max: 9_999 }).toString().padStart(4, '0');
  const patterns: Array<() => { filename: string; misleading: boolean }> = [
    () => ({ filename: `scan_${n}.${ext}`, misleading: false }),
    () => ({ filename: `IMG_${n}.${f.helpers.arrayElement(['jpg', 'JPG', 'jpeg'])}`, misleading: false }),
    () => ({ filename: `document (${f.number.int({ min: 1, max: 9 })}).${ext}`, misleading: false }),
    () => ({
      filename: `${f.string.hexadecimal({ length: 12, casing: 'lower', prefix: '' })}.${ext}`,
      misleading: false,
    }),
    () => ({ filename: `Untitled.${ext}`, misleading: false }),
    () => ({
      filename: `doc${f.number.int({ min: 1, max: 30 })}.${f.helpers.arrayElement(['pdf', 'docx', 'txt'])}`,
      misleading: false,
    }),
    // A name of the wrong kind: the content is what counts.
    () => ({ filename: `${wrongLabel}_${n}.${ext}`, misleading: true }),
    () => ({ filename: `${wrongLabel.replace(/_/g, ' ')} final.${ext}`, misleading: true }),
  ];
  return f.helpers.arrayElement(patterns)();
}
