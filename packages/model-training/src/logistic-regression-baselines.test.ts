import { selectBackend } from '@docsort/text-classifier';
import { describe, expect, it } from 'vitest';
import { LogisticRegressionBaseline } from './logistic-regression-baselines.ts';

const labels = ['invoice', 'passport'];
const examples = [
  ...['amount due total', 'total amount due now', 'due amount'].map((text) => ({
    text,
    filename: 'a.pdf',
    label: 'invoice',
  })),
  ...['nationality surname', 'surname nationality holder', 'holder nationality'].map((text) => ({
    text,
    filename: 'b.pdf',
    label: 'passport',
  })),
];

/** Two-dimensional "pretrained" vectors: the invoice words and `payable` on one axis, the passport words on the other. */
const vectors = {
  words: ['amount', 'due', 'total', 'payable', 'nationality', 'surname', 'holder', 'citizenship'],
  dim: 2,
  vectors: Float32Array.from([1, 0, 0.9, 0.1, 1, 0.1, 0.95, 0, 0, 1, 0.1, 0.9, 0, 1, 0.05, 1]),
};

describe('LogisticRegressionBaseline', () => {
  it('over TF-IDF: learns the training words, and knows nothing of words it never saw', async () => {
    await selectBackend();
    const tfidf = await LogisticRegressionBaseline.tfidf(examples, labels, { seed: 1, epochs: 60 });
    const [known, unseen, empty] = await tfidf.classify(['total amount due', 'payable', '']);
    expect(known?.label).toBe('invoice');
    // An unseen word is no evidence: the answer for an empty text.
    expect(unseen).toEqual(empty);
  });

  it('over pretrained word vectors: a word the training data never had is read by its vector', async () => {
    await selectBackend();
    const encoder = await LogisticRegressionBaseline.meanWordVectors(vectors, examples, labels, {
      seed: 1,
      epochs: 60,
    });
    const [payable, citizenship] = await encoder.classify(['payable', 'citizenship']);
    expect(payable?.label).toBe('invoice');
    expect(citizenship?.label).toBe('passport');
    expect(payable?.confidence).toBeGreaterThan(0.6);
  });

  it('trains the same model twice from the same seed (batches of more than one order)', async () => {
    await selectBackend();
    const words = ['amount', 'due', 'total', 'nationality', 'surname', 'holder', 'fee', 'expiry'];
    const many = Array.from({ length: 300 }, (_, i) => ({
      text: [0, 1, 2].map((k) => words[(i * 7 + k * 3 + (i % 5)) % words.length]).join(' '),
      filename: 'x.pdf',
      label: labels[i % 2] as string,
    }));
    const confidences = async () => {
      const model = await LogisticRegressionBaseline.tfidf(many, labels, { seed: 3, epochs: 3 });
      return (await model.classify(['amount holder', 'fee surname expiry'])).map((p) => p.confidence);
    };
    expect(await confidences()).toEqual(await confidences());
  });
});
