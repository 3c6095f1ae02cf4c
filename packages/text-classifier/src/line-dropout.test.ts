import { describe, expect, it } from 'vitest';
import { withLinesDropped } from './train-text-cnn.ts';

const lines = Array.from({ length: 200 }, (_, i) => `line ${i}`);
const document = { text: lines.join('\n'), filename: 'scan_0001.pdf', label: 'invoice' };
const keptOf = (text: string) => text.split('\n');

describe('line dropout', () => {
  it('hides about the given share of lines, keeps the rest in order, and leaves label and filename alone', () => {
    const dropped = withLinesDropped(document, 0.3, 7);
    const kept = keptOf(dropped.text);
    expect(kept.length).toBeGreaterThan(200 * 0.6);
    expect(kept.length).toBeLessThan(200 * 0.8);
    expect(kept).toEqual(lines.filter((line) => kept.includes(line)));
    expect(dropped.label).toBe('invoice');
    expect(dropped.filename).toBe('scan_0001.pdf');
  });

  it('is reproducible from its seed, and another seed (another epoch) hides other lines', () => {
    expect(withLinesDropped(document, 0.3, 7).text).toBe(withLinesDropped(document, 0.3, 7).text);
    expect(withLinesDropped(document, 0.3, 8).text).not.toBe(withLinesDropped(document, 0.3, 7).text);
  });

  it('over a few epochs every line is seen', () => {
    const seen = new Set(
      Array.from({ length: 10 }, (_, epoch) =>
        keptOf(withLinesDropped(document, 0.3, epoch + 1).text),
      ).flat(),
    );
    expect(seen.size).toBe(lines.length);
  });

  it('leaves short documents and a zero share untouched, and never keeps fewer than three lines', () => {
    const short = { ...document, text: 'a\nb\nc' };
    expect(withLinesDropped(short, 0.9, 1)).toBe(short);
    expect(withLinesDropped(document, 0, 1)).toBe(document);
    for (let seed = 1; seed <= 50; seed++) {
      const four = { ...document, text: 'a\nb\nc\nd' };
      expect(keptOf(withLinesDropped(four, 0.9, seed).text).length).toBeGreaterThanOrEqual(3);
    }
  });
});
