import { describe, expect, it } from 'vitest';
import { Tokenizer } from './tokenizer.ts';
import { discountUnread, fullyReadShare } from './unread-text.ts';

const peaked = () => Float32Array.from([0.9, 0.05, 0.03, 0.02]);
const argmax = (p: Float32Array) => p.indexOf(Math.max(...p));

describe('discountUnread', () => {
  it('leaves a text read well as it was', () => {
    expect(discountUnread(peaked(), fullyReadShare)).toEqual(peaked());
    expect(discountUnread(peaked(), 0.9)).toEqual(peaked());
  });

  it('lowers the confidence of a text read poorly in proportion, keeping the winner and the sum', () => {
    const half = discountUnread(peaked(), fullyReadShare / 2);
    expect(half[0]).toBeCloseTo(0.9 / 2 + 0.25 / 2, 5);
    expect(half.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    const none = discountUnread(peaked(), 0);
    expect(argmax(none)).toBe(0);
    expect(none[0]).toBeLessThan(0.3);
  });
});

describe('Tokenizer.knownShare', () => {
  const tokenizer = new Tokenizer({
    vocabulary: ['invoice', 'total', 'due'],
    wordHashBuckets: 10,
    charGramBuckets: 10,
    maxWords: 16,
    maxCharGrams: 16,
    maxFilenameGrams: 8,
  });

  it('is the share of words the vocabulary knows', () => {
    expect(tokenizer.knownShare('Invoice total due')).toBe(1);
    expect(tokenizer.knownShare('Invoice qwrtz total plmk')).toBe(0.5);
    expect(tokenizer.knownShare('電線接続端子部が次のいずれにも該当しないとき')).toBe(0);
    expect(tokenizer.knownShare('')).toBe(0);
  });
});
