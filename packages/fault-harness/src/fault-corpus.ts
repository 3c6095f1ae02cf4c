import { type Sample, sampleFile, synthesize } from '@docsort/synth';
import { loadTaxonomy } from '@docsort/taxonomy';

export interface CorpusDocument {
  readonly filename: string;
  readonly bytes: Buffer;
  readonly label: string;
}

/** A mixed corpus of every label, in every format that needs no OCR (fast to extract), badly named. */
export async function faultCorpus(count: number, seed = 7): Promise<CorpusDocument[]> {
  const samples = [
    ...synthesize({
      taxonomy: loadTaxonomy(),
      seed,
      perLabel: Math.ceil(count / 25) + 2,
      formats: ['pdf', 'docx', 'xlsx', 'html', 'eml', 'txt'],
    }),
  ];
  const picked = Array.from({ length: count }, (_, i) => samples[(i * 7) % samples.length] as Sample);
  return Promise.all(
    picked.map(async (sample) => ({
      filename: sample.filename,
      bytes: await sampleFile(sample),
      label: sample.label,
    })),
  );
}
