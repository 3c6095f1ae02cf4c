import { createHash } from 'node:crypto';
import { closeOcrEngines, defaultExtractionLimits, extractDocument } from '@docsort/extractors';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { apportion, planRealMix, type RealMixDocument, realMixCorpus, realMixProfile } from './real-mix.ts';

afterAll(() => closeOcrEngines());
afterEach(() => vi.useRealTimers());

async function corpus(seed: number, count: number): Promise<RealMixDocument[]> {
  const docs: RealMixDocument[] = [];
  for await (const doc of realMixCorpus({ seed, count })) docs.push(doc);
  return docs;
}
const hashes = (docs: readonly RealMixDocument[]) =>
  docs.map((doc) => createHash('sha256').update(doc.bytes).digest('hex'));

describe('apportion', () => {
  it('splits a count in whole numbers that add up to it, the largest remainders rounded up, ties in order', () => {
    expect(apportion(10, [0.25, 0.15, 0.3, 0.15, 0.1, 0.05])).toEqual([3, 2, 3, 1, 1, 0]);
    expect(apportion(7, [1, 1, 1])).toEqual([3, 2, 2]);
    expect(apportion(0, [0.5, 0.5])).toEqual([0, 0]);
  });
});

describe('planRealMix', () => {
  const plan = planRealMix({ seed: 11, count: 100 });

  it('holds the profile proportions: every kind, format and page range within one document', () => {
    expect(plan).toHaveLength(100);
    for (const part of realMixProfile) {
      const ofKind = plan.filter((doc) => doc.kind === part.kind);
      expect(Math.abs(ofKind.length - part.share * 100), part.kind).toBeLessThanOrEqual(1);
      for (const [format, share] of Object.entries(part.formats)) {
        const n = ofKind.filter((doc) => doc.format === format).length;
        expect(Math.abs(n - (share ?? 0) * ofKind.length), `${part.kind} ${format}`).toBeLessThanOrEqual(1);
      }
      for (const range of part.pages) {
        const n = ofKind.filter(
          (doc) => doc.pages.length >= range.min && doc.pages.length <= range.max,
        ).length;
        expect(
          Math.abs(n - range.share * ofKind.length),
          `${part.kind} ${range.min}–${range.max}`,
        ).toBeLessThanOrEqual(Object.keys(part.formats).length);
      }
    }
  });

  it('gives scans 40 % of the mix and born-digital PDFs page counts from 1 to 40, mostly short', () => {
    expect(plan.filter((doc) => doc.kind === 'scanned-pdf' || doc.kind === 'phone-photo')).toHaveLength(40);
    const pdfPages = plan.filter((doc) => doc.kind === 'digital-pdf').map((doc) => doc.pages.length);
    expect(Math.min(...pdfPages)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...pdfPages)).toBeGreaterThan(10);
    expect(Math.max(...pdfPages)).toBeLessThanOrEqual(40);
    expect(pdfPages.filter((pages) => pages <= 3)).toHaveLength(18);
    for (const doc of plan.filter((d) => d.kind === 'scanned-pdf'))
      expect([1, 2]).toContain(doc.pages.length);
  });

  it('fills the pages with business documents of many labels, not one', () => {
    expect(new Set(plan.map((doc) => doc.label)).size).toBeGreaterThan(15);
    expect(plan.every((doc) => doc.pages.every((page) => page.join(' ').length > 0))).toBe(true);
  });

  it('shuffles the kinds, so that a run of any length sees the mix', () => {
    expect(new Set(plan.slice(0, 10).map((doc) => doc.kind)).size).toBeGreaterThan(2);
  });
});

describe('realMixCorpus', () => {
  it('is reproducible from its seed: the same bytes (creation times held still), other bytes for another seed', async () => {
    // The PDF, DOCX and XLSX writers stamp the current time into their files: hold it still.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-01-05T10:00:00Z'));
    const first = await corpus(3, 8);
    expect(hashes(await corpus(3, 8))).toEqual(hashes(first));
    expect(hashes(await corpus(4, 8))).not.toEqual(hashes(first));
  }, 120_000);

  it('writes files whose format and page count the extractors confirm', async () => {
    for (const doc of await corpus(5, 10)) {
      const result = await extractDocument(doc.bytes, { ...defaultExtractionLimits, ocr: false });
      const format = doc.format === 'txt' ? 'text' : doc.format;
      expect(result.format, doc.filename).toBe(format);
      expect(result.pageCount ?? 1, `${doc.kind} ${doc.filename}`).toBe(doc.pages);
      if (doc.kind !== 'scanned-pdf' && doc.kind !== 'phone-photo')
        expect(result.text.length).toBeGreaterThan(100);
    }
  }, 120_000);
});
