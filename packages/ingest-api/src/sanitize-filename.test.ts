import { describe, expect, it } from 'vitest';
import { sanitizeFilename } from './sanitize-filename.ts';

describe('sanitizeFilename', () => {
  it('drops path components and control characters', () => {
    expect(sanitizeFilename('../../etc/passwd')).toBe('passwd');
    expect(sanitizeFilename('C:\\Users\\me\\scan_0003.pdf')).toBe('scan_0003.pdf');
    expect(sanitizeFilename('in\u0000voice\n.pdf')).toBe('invoice.pdf');
  });

  it('names what has no usable name, and caps the length', () => {
    expect(sanitizeFilename('')).toBe('unnamed');
    expect(sanitizeFilename('..')).toBe('unnamed');
    expect(sanitizeFilename(undefined)).toBe('unnamed');
    expect(sanitizeFilename(`${'a'.repeat(300)}.pdf`)).toHaveLength(255);
  });
});
