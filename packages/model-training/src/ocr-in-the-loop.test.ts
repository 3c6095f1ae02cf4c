import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readingsInChildProcesses, withOcrReadings } from './ocr-in-the-loop.ts';

const invoice = {
  id: 'invoice-0001',
  label: 'invoice',
  filename: 'scan_0001.pdf',
  text: [
    'INVOICE',
    'Invoice number INV-20431',
    'Bill to: Northwind Traders, 12 Harbour Road, Bristol',
    'Description              Quantity     Amount',
    'Consulting services          12      1,440.00',
    'Subtotal 1,440.00   VAT 20% 288.00   Total due 1,728.00',
    'Payment terms: 30 days. Please quote the invoice number with your payment.',
  ].join('\n'),
};
const others = Array.from({ length: 30 }, (_, i) => ({ ...invoice, id: `invoice-${i + 2}` }));

describe('withOcrReadings', () => {
  it('replaces the chosen share by what OCR reads from a capture, the same on a second run', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'ocr-loop-'));
    const options = { share: 0.1, seed: 3, concurrency: 1, cacheDir };
    const first = await withOcrReadings([invoice, ...others], options);
    const changed = first.documents.filter((d) => d.text !== invoice.text);
    expect(first.read).toBeGreaterThan(0);
    expect(first.read).toBeLessThan(12);
    expect(changed.length).toBe(first.read);
    for (const document of changed) {
      // Read back, not thrown away: the document's words survive OCR, in its own order.
      expect(document.text).toMatch(/invoice/i);
      expect(document.text).toMatch(/total/i);
    }
    expect(readdirSync(cacheDir)).toHaveLength(first.read);
    const again = await withOcrReadings([invoice, ...others], options);
    expect(again.documents).toEqual(first.documents);
    // Split over two reading processes: the same documents read, back in their places.
    const split = await readingsInChildProcesses([invoice, ...others], { ...options, concurrency: 2 });
    expect(split).toEqual(first);
  }, 120_000);

  it('reads nothing at share 0', async () => {
    const none = await withOcrReadings([invoice], { share: 0, seed: 3, concurrency: 1 });
    expect(none.read).toBe(0);
    expect(none.documents).toEqual([invoice]);
  });
});
