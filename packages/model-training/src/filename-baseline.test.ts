import { describe, expect, it } from 'vitest';
import { filenameBaseline } from './filename-baseline.ts';

describe('filenameBaseline', () => {
  const classify = filenameBaseline(['invoice', 'bank_statement', 'other'], 'invoice');

  it('believes the name when it names a label', () => {
    expect(classify('Bank Statement final.pdf')).toBe('bank_statement');
    expect(classify('bank_statement_0001.pdf')).toBe('bank_statement');
  });

  it('falls back when the name says nothing, as scanners name files', () => {
    expect(classify('scan_0007.pdf')).toBe('invoice');
    expect(classify('IMG_4411.jpg')).toBe('invoice');
  });
});
