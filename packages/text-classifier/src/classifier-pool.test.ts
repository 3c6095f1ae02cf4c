import { describe, expect, it } from 'vitest';
import { ClassifierPool } from './classifier-pool.ts';
import { defaultModelDir } from './model-files.ts';
import { TextClassifier } from './text-classifier.ts';

describe('ClassifierPool', () => {
  it('gives the same answers as one classifier, in order, from two threads', async () => {
    const classifier = await TextClassifier.load(defaultModelDir);
    const documents = [
      'INVOICE No. 42 Total due 960.00 EUR, payment within 30 days',
      'PAYSLIP Pay period March Gross pay 3,440.00 Net pay 2,610.00 Income tax',
      'Lemon drizzle cake. Serves 4. Preheat the oven to 180 C and mix the flour with the eggs.',
      'NON-DISCLOSURE AGREEMENT The receiving party shall keep the confidential information secret',
      'BILL OF LADING Shipper Consignee Port of loading Vessel Container',
    ].map((text, i) => ({ text, filename: `scan_000${i}.pdf` }));
    const pool = await ClassifierPool.start(defaultModelDir, classifier.manifest, 2, classifier.backend);
    try {
      const pooled = await pool.classify(documents);
      const single = await classifier.classify(documents);
      expect(pooled.map((c) => c.label)).toEqual(single.map((c) => c.label));
      pooled.forEach((c, i) => {
        expect(c.confidence).toBeCloseTo(single[i]?.confidence ?? -1, 5);
      });
      expect(await pool.classify([])).toEqual([]);
    } finally {
      await pool.dispose();
    }
  }, 60_000);
});
