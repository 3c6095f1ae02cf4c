import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
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
 * The vectors computed so far, by word: one file per encoder of records [u16 byte length, UTF-8 word,
 * `dim` little-endian float32], appended to as words are computed. A record cut short by an interrupted
 * write ends the reading; the words after it are computed again.
 */
class WordVectorCache {
  readonly #file: string;
  readonly #vectors = new Map<string, Float32Array>();

  constructor(
    dir: string,
    readonly dim: number,
  ) {
    mkdirSync(dir, { recursive: true });
    this.#file = join(dir, `${pretrainedEncoder.sha256.slice(0, 16)}.vectors`);
    if (!existsSync(this.#file)) return;
    const bytes = readFileSync(this.#file);
    for (let at = 0; at + 2 <= bytes.length; ) {
      const length = bytes.readUInt16LE(at);
      const end = at + 2 + length + dim * 4;
      if (end > bytes.length) break;
      const word = bytes.toString('utf8', at + 2, at + 2 + length);
      const values = new Float32Array(dim);
      for (let j = 0; j < dim; j++) values[j] = bytes.readFloatLE(at + 2 + length + 4 * j);
      this.#vectors.set(word, values);
      at = end;
    }
  }

  get(word: string): Float32Array | undefined {
    return this.#vectors.get(word);
  }

  add(entries: ReadonlyArray<readonly [string, Float32Array]>): void {
    const records = entries.map(([word, values]) => {
      const name = Buffer.from(word, 'utf8');
      const record = Buffer.alloc(2 + name.length + this.dim * 4);
      record.writeUInt16LE(name.length, 0);
      name.copy(record, 2);
      for (const [j, value] of values.entries()) record.writeFloatLE(value, 2 + name.length + 4 * j);
      this.#vectors.set(word, values);
      return record;
    });
    appendFileSync(this.#file, Buffer.concat(records));
  }
}

/**
 * Every word's vector as the pretrained sentence encoder sees it alone ("[CLS] word pieces [SEP]", mean of
 * the last layer), scaled to unit length: static vectors distilled from the encoder, which carry what it
 * learnt (invoice ≈ bill, licence ≈ license) into a CNN that never runs the encoder. Words are grouped by
 * length so no batch needs padding. Cached by word in `cacheDir` (per encoder digest): a word is computed
 * once on a machine (~3 ms on one core), and the same word gets the same vector everywhere.
 */
export function distilledWordVectors(
  dir: string,
  words: readonly string[],
  options: { cacheDir?: string; onProgress?: (done: number, total: number) => void } = {},
): WordVectors {
  // The width is known before loading the encoder: a machine whose cache holds every word never loads it.
  const dim = pretrainedEncoder.width;
  const cache = new WordVectorCache(join(options.cacheDir ?? defaultPretrainedCacheDir, 'word-vectors'), dim);
  const missing = [...new Set(words)].filter((word) => !cache.get(word));
  if (missing.length) computeInto(cache, dir, missing, options.onProgress);
  const vectors = new Float32Array(words.length * dim);
  for (const [row, word] of words.entries()) vectors.set(cache.get(word) ?? new Float32Array(dim), row * dim);
  return { words, dim, vectors };
}

function computeInto(
  cache: WordVectorCache,
  dir: string,
  words: readonly string[],
  onProgress?: (done: number, total: number) => void,
): void {
  const { dim } = cache;
  const tokenizer = loadEncoderTokenizer(dir);
  const encoder = MiniLmEncoder.load(dir);
  if (encoder.width !== dim)
    throw new Error(`${dir}: the encoder's vectors are ${encoder.width} wide, not ${dim}`);
  const byLength = new Map<number, Array<{ word: string; ids: number[] }>>();
  for (const word of words) {
    const { ids } = tokenizer.encode(word);
    // [CLS] … [SEP]: cut the pieces in between, keep the markers.
    const sequence =
      ids.length > maxPieces + 2 ? [...ids.slice(0, maxPieces + 1), ids.at(-1) as number] : ids;
    const group = byLength.get(sequence.length) ?? [];
    group.push({ word, ids: sequence });
    byLength.set(sequence.length, group);
  }
  let done = 0;
  try {
    for (const [, group] of [...byLength].sort((a, b) => a[0] - b[0])) {
      for (let start = 0; start < group.length; start += batchSize) {
        const batch = group.slice(start, start + batchSize);
        const pooled = encoder.meanPooled(batch.map((entry) => entry.ids));
        cache.add(
          batch.map(({ word }, i) => {
            const vector = pooled.slice(i * dim, (i + 1) * dim);
            const norm = Math.hypot(...vector) || 1;
            return [word, vector.map((value) => value / norm)] as const;
          }),
        );
        done += batch.length;
        onProgress?.(done, words.length);
      }
    }
  } finally {
    encoder.dispose();
  }
}
