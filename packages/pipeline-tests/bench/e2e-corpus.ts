// What bench:e2e uploads, by profile: the text-born synthetic documents it always has (`formats`), the real
// mix of @docsort/synth (`real-mix`: scans and photos that need OCR, PDFs of 1–40 pages, office files,
// e-mails), or every file under a folder (`--corpus DIR`).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { realMixCorpus, sampleFile, synthesize } from '@docsort/synth';
import { loadTaxonomy } from '@docsort/taxonomy';

export type E2eProfile = 'formats' | 'real-mix' | 'corpus';

export interface UploadFile {
  readonly filename: string;
  readonly bytes: Buffer;
}

async function textBornFiles(): Promise<UploadFile[]> {
  const samples = [
    ...synthesize({
      taxonomy: loadTaxonomy(),
      seed: 5,
      perLabel: 30,
      formats: ['pdf', 'docx', 'xlsx', 'html', 'eml', 'txt'],
    }),
  ].filter((s) => s.split !== 'test-out-of-template');
  return Promise.all(
    samples.slice(0, 400).map(async (s) => ({ filename: s.filename, bytes: await sampleFile(s) })),
  );
}

async function realMixFiles(count: number): Promise<UploadFile[]> {
  const files: UploadFile[] = [];
  for await (const doc of realMixCorpus({ seed: 5, count })) files.push(doc);
  return files;
}

function folderFiles(dir: string): UploadFile[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => ({ filename: entry.name, bytes: readFileSync(join(entry.parentPath, entry.name)) }));
}

/** The profile's files; `distinct` caps how many real-mix documents are generated (they are cycled). */
export function filesOf(
  profile: E2eProfile,
  options: { corpusDir?: string; distinct: number },
): Promise<UploadFile[]> {
  if (profile === 'real-mix') return realMixFiles(options.distinct);
  if (profile === 'corpus') return Promise.resolve(folderFiles(options.corpusDir as string));
  return textBornFiles();
}

/** Each upload's multipart body, built once: per-upload encoding would cost the load generator CPU it shares. */
export function multipartBody(file: UploadFile, boundary: string): Buffer {
  const filename = file.filename.replace(/["\r\n]/g, '_');
  return Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\n` +
        'Content-Type: application/octet-stream\r\n\r\n',
    ),
    file.bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
}
