import { sampleFile, sampleFormats, synthesize } from '@docsort/synth';
import type { Taxonomy } from '@docsort/taxonomy';

export interface DemoDocument {
  /** The poor filename it is submitted under (`scan_0007.pdf`, `IMG_4411.jpg`, a wrong label's name…). */
  readonly filename: string;
  readonly bytes: Buffer;
  readonly format: string;
  /** What it really is: the demo table shows whether docsort got it right. */
  readonly expectedLabel: string;
}

/**
 * One test document per label (and one out-of-taxonomy), in every format — PDF, scanned PDF, DOCX, XLSX,
 * HTML, e-mail, text, PNG — with the bad names real inboxes have. Seeded, and drawn from the test split, so
 * the shipped model never trained on them.
 */
export async function demoDocuments(taxonomy: Taxonomy, seed = 2026): Promise<DemoDocument[]> {
  const picked = new Map<string, DemoDocument>();
  for (const sample of synthesize({ taxonomy, seed, perLabel: 10, formats: sampleFormats })) {
    if (sample.split !== 'test' || picked.has(sample.label)) continue;
    picked.set(sample.label, {
      filename: sample.filename,
      bytes: await sampleFile(sample),
      format: sample.format,
      expectedLabel: sample.label,
    });
  }
  return [...picked.values()];
}
