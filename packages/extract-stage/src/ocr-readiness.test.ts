import { defaultOcrSettings } from '@docsort/extractors';
import { describe, expect, it } from 'vitest';
import { ocrReadiness } from './ocr-readiness.ts';

describe('ocrReadiness', () => {
  it('does not call tesseract.js a fallback when it was chosen', () => {
    const chosen = ocrReadiness({ ...defaultOcrSettings, engine: 'tesseract.js' });
    expect(chosen.engine).toBe('tesseract.js');
    expect(chosen.fellBack).toBe(false);
  });

  it('calls it a fallback when auto finds no native Tesseract', () => {
    const auto = ocrReadiness({ ...defaultOcrSettings, engine: 'auto' });
    expect(auto.fellBack).toBe(auto.engine !== 'tesseract');
  });

  it('lists configured languages without a model as missing', () => {
    const readiness = ocrReadiness({ ...defaultOcrSettings, languages: ['eng', 'xyz'] });
    expect(readiness.languages).toContain('eng');
    expect(readiness.missing).toEqual(['xyz']);
  });
});
