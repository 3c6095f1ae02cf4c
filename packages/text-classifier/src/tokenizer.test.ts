import { describe, expect, it } from 'vitest';
import { buildVocabulary, Tokenizer, wordsOf } from './tokenizer.ts';

const config = {
  vocabulary: buildVocabulary(['invoice total due invoice total due', 'payment payment'], 100),
  wordHashBuckets: 50,
  charGramBuckets: 1_000,
  maxWords: 8,
  maxCharGrams: 40,
  maxFilenameGrams: 6,
};

describe('Tokenizer', () => {
  it('folds case and digits, and keeps the shape of amounts', () => {
    expect(wordsOf('Total DUE: 1,250.00 EUR')).toEqual(['total', 'due', '0', '000', '00', 'eur']);
  });

  it('gives known words their ids and unknown ones a stable hash bucket', () => {
    const tokenizer = new Tokenizer(config);
    const a = tokenizer.encode('invoice zebra', 'x.pdf');
    const b = tokenizer.encode('invoice zebra', 'y.pdf');
    expect(a.words[0]).toBe(2 + config.vocabulary.indexOf('invoice'));
    expect(a.words[1]).toBeGreaterThanOrEqual(config.vocabulary.length + 2);
    expect(a.words[1]).toBe(b.words[1]);
    expect(Array.from(a.words.slice(2))).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('keeps most character trigrams of a misspelt word, so a typo does not lose the word', () => {
    const tokenizer = new Tokenizer(config);
    const grams = (text: string) => new Set(Array.from(tokenizer.encode(text, '').charGrams).filter(Boolean));
    const right = grams('statement');
    const typo = grams('statemnet');
    const shared = [...typo].filter((g) => right.has(g)).length;
    expect(shared / right.size).toBeGreaterThan(0.5);
  });

  it('reads a long document as its start and windows spread over the rest, a short one as one window', () => {
    const tokenizer = new Tokenizer(config);
    const words = Array.from({ length: 40 }, (_, i) => `w${String.fromCharCode(97 + (i % 26))}${i}`);
    const first = (text: string) => Array.from(tokenizer.encode(text, 'x.pdf').words);
    expect(tokenizer.encodeWindows('invoice total due', 'x.pdf', 4)).toHaveLength(1);
    // 40 words, windows of 8: the start (0–7), then three spread from word 8 to the last eight (32–39).
    const windows = tokenizer.encodeWindows(words.join(' '), 'x.pdf', 4).map((w) => Array.from(w.words));
    expect(windows).toEqual([
      first(words.slice(0, 8).join(' ')),
      first(words.slice(8, 16).join(' ')),
      first(words.slice(20, 28).join(' ')),
      first(words.slice(32, 40).join(' ')),
    ]);
    expect(tokenizer.encodeWindows(words.join(' '), 'x.pdf', 1)).toHaveLength(1);
    // Twelve words: the start and what is left.
    expect(
      tokenizer.encodeWindows(words.slice(0, 12).join(' '), 'x.pdf', 4).map((w) => Array.from(w.words)),
    ).toEqual([first(words.slice(0, 8).join(' ')), first(words.slice(8, 12).join(' '))]);
  });
});
