import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import { defaultPretrainedCacheDir, pretrainedEncoder } from './encoder-package.ts';
import { MiniLmEncoder } from './minilm-encoder.ts';

/** Word vectors, one row of `dim` values per word of `words`, side by side. */
export interface WordVectors {
  readonly words: readonly string[];
  readonly dim: number;
  readonly vectors: Float32Array;
}

/** Long words are cut to this many word pieces: past it a word is a code or a run-together, not vocabulary. */
const maxPieces = 14;
const batchSize = 256;

/** The encoder's own tokenizer (lower case, accents stripped, WordPiece), from its folder. */
export function loadEncoderTokenizer(dir: string): Tokenizer {
  return new Tokenizer(
    JSON.parse(readFileSync(join(dir, 'tokenizer.json'), 'utf8')),
    JSON.parse(readFileSync(join(dir, 'tokenizer_config.json'), 'utf8')),
  );
}

/** The encoder's vocabulary entries that are whole words of two or more letters (no `##` pieces, no markers). */
export function encoderWholeWords(dir: string): string[] {
  const { model } = JSON.parse(readFileSync(join(dir, 'tokenizer.json'), 'utf8')) as {
    model: { vocab: Record<string, number> };
  };
  return Object.entries(model.vocab)
    .sort((a, b) => a[1] - b[1])
    .map(([piece]) => piece)
    .filter((piece) => /^\p{L}{2,}$/u.test(piece));
}

/**
 * Every word's vector as the pretrained sentence encoder sees it alone ("[CLS] word pieces [SEP]", mean of
 * the last layer), scaled to unit length: static vectors distilled from the encoder, which carry what it
 * learnt (invoice ≈ bill, licence ≈ license) into a CNN that never runs the encoder. Words are grouped by
 * length so no batch needs padding. Cached in `cacheDir` by the encoder's digest and the word list: the same
 * words give the same vectors on every machine, computed once (~3 ms a word on one core).
 */
export function distilledWordVectors(
  dir: string,
  words: readonly string[],
  options: { cacheDir?: string; onProgress?: (done: number, total: number) => void } = {},
): WordVectors {
  const dim = 384;
  const key = createHash('sha256')
    .update(pretrainedEncoder.sha256)
    .update(JSON.stringify(words))
    .digest('hex')
    .slice(0, 24);
  const cacheDir = join(options.cacheDir ?? defaultPretrainedCacheDir, 'word-vectors');
  const cached = join(cacheDir, `${key}.f32`);
  if (existsSync(cached)) {
    const bytes = readFileSync(cached);
    const vectors = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4).slice();
    if (vectors.length === words.length * dim) return { words, dim, vectors };
  }
  const tokenizer = loadEncoderTokenizer(dir);
  const encoder = MiniLmEncoder.load(dir);
  const vectors = new Float32Array(words.length * dim);
  const byLength = new Map<number, Array<{ row: number; ids: number[] }>>();
  words.forEach((word, row) => {
    const { ids } = tokenizer.encode(word);
    // [CLS] … [SEP]: cut the pieces in between, keep the markers.
    const sequence =
      ids.length > maxPieces + 2 ? [...ids.slice(0, maxPieces + 1), ids.at(-1) as number] : ids;
    const group = byLength.get(sequence.length) ?? [];
    group.push({ row, ids: sequence });
    byLength.set(sequence.length, group);
  });
  let done = 0;
  try {
    for (const [, group] of [...byLength].sort((a, b) => a[0] - b[0])) {
      for (let start = 0; start < group.length; start += batchSize) {
        const batch = group.slice(start, start + batchSize);
        const pooled = encoder.meanPooled(batch.map((entry) => entry.ids));
        batch.forEach(({ row }, i) => {
          const vector = pooled.subarray(i * dim, (i + 1) * dim);
          const norm = Math.hypot(...vector) || 1;
          for (let j = 0; j < dim; j++) vectors[row * dim + j] = (vector[j] ?? 0) / norm;
        });
        done += batch.length;
        options.onProgress?.(done, words.length);
      }
    }
  } finally {
    encoder.dispose();
  }
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(`${cached}.part`, new Uint8Array(vectors.buffer));
  renameSync(`${cached}.part`, cached);
  return { words, dim, vectors };
}
