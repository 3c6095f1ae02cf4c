import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultModelDir, loadLayersModel } from './model-files.ts';
import { selectBackend, tf } from './tensorflow-backend.ts';
import { toTensors } from './text-classifier.ts';
import {
  buildTextCnn,
  ensembleTextCnn,
  FreshMaskDropout,
  foldPretrainedWords,
  memberCount,
  servingTextCnn,
  withPretrainedWords,
} from './text-cnn.ts';
import { Tokenizer } from './tokenizer.ts';

describe('FreshMaskDropout', () => {
  it('draws a new mask at every training step, reproducibly from its seed, and passes input through at inference', async () => {
    await selectBackend();
    const input = tf.ones([4, 16, 8]);
    const masks = (seed: number) => {
      const layer = new FreshMaskDropout({ rate: 0.5, seed, noiseShape: [null, null, 1] });
      return [1, 2, 3].map(
        () => (layer.apply(input, { training: true }) as tf.Tensor).arraySync() as number[][][],
      );
    };
    const [first, second, third] = masks(7);
    // Tokens dropped whole: every value of a token is 0 or every value is 1 / (1 − rate).
    for (const token of first?.flat() ?? []) expect(new Set(token).size).toBe(1);
    expect(first).not.toEqual(second);
    expect(second).not.toEqual(third);
    expect(masks(7)[0]).toEqual(first);

    const inference = new FreshMaskDropout({ rate: 0.5, seed: 7 }).apply(input) as tf.Tensor;
    expect(inference.arraySync()).toEqual(input.arraySync());
  });
});

describe('servingTextCnn', () => {
  it('computes what the trained network computes, with convolutions instead of windows + dense layers', async () => {
    await selectBackend();
    const trained = await loadLayersModel(defaultModelDir);
    const serving = servingTextCnn(trained);
    const classNames = (model: tf.LayersModel) => model.layers.map((layer) => layer.getClassName());
    expect(classNames(trained)).toContain('ShiftedWindows');
    expect(classNames(serving)).not.toContain('ShiftedWindows');
    // Three widths of convolution in each member of the ensemble.
    expect(memberCount(trained)).toBeGreaterThan(0);
    expect(classNames(serving).filter((name) => name === 'Conv1D')).toHaveLength(3 * memberCount(trained));

    const tokenizer = new Tokenizer(
      JSON.parse(readFileSync(join(defaultModelDir, 'tokenizer.json'), 'utf8')),
    );
    // A few lines of each, as a page reads: one-liners say too little for a model to tell them apart.
    const documents = [
      'INVOICE No. 2291\nInvoice date 03/02/2026 Due date 05/03/2026\nBill to: Acme Ltd., 4 Mill Lane, Leeds\n' +
        'Description Qty Unit price Amount\nConsulting services 3 19.99 59.97\nSubtotal 59.97 VAT 20% 11.99\n' +
        'Total due 71.96\nPayment terms 30 days. Please quote the invoice number with your payment.',
      'STATEMENT OF ACCOUNT\nAccount number 12345678 Sort code 20-00-00\nStatement period 01/10 - 31/10\n' +
        'Opening balance 1,204.00\nDate Description Paid out Paid in Balance\n02/10 DIRECT DEBIT COUNCIL TAX 132.00 1,072.00\n' +
        '07/10 SALARY ACME LTD 2,850.00 3,922.00\n11/10 CARD PAYMENT TESCO 45.20 3,876.80\nClosing balance 3,876.80',
      'MUTUAL NON-DISCLOSURE AGREEMENT\nThis Non-Disclosure Agreement is made between the disclosing party and the recipient.\n' +
        '1. Confidential Information means any information disclosed by either party.\n' +
        '2. The recipient shall hold the Confidential Information in strict confidence.\n' +
        '3. This Agreement remains in force for three years. Governed by the laws of England.',
      'the quick brown fox',
    ].map((text, i) => tokenizer.encode(text, `scan_000${i}.pdf`));
    const predict = (model: tf.LayersModel) =>
      tf.tidy(() => (model.predict(toTensors(documents, tokenizer)) as tf.Tensor).arraySync() as number[][]);
    const expected = predict(trained);
    const actual = predict(serving);
    for (const [row, values] of expected.entries()) {
      for (const [column, value] of values.entries()) expect(actual[row]?.[column]).toBeCloseTo(value, 5);
    }
    // Not trivially equal: the documents get different answers.
    expect(new Set(expected.map((values) => values.indexOf(Math.max(...values)))).size).toBeGreaterThan(2);
    trained.dispose();
    serving.dispose();
  });
});

/** A network small enough to check weight for weight, and its answers to five documents of random ids. */
const smallShape = {
  wordInputDim: 40,
  charGramInputDim: 30,
  maxWords: 12,
  maxCharGrams: 20,
  maxFilenameGrams: 6,
  labels: 4,
  seed: 3,
};
const ids = (seed: number, max: number, length: number) =>
  tf.randomUniform([5, length], 0, max, 'int32', seed);
const answersToRandomIds = (model: tf.LayersModel) =>
  tf.tidy(
    () =>
      (model.predict([ids(1, 40, 12), ids(2, 30, 20), ids(3, 30, 6)]) as tf.Tensor).arraySync() as number[][],
  );

describe('foldPretrainedWords', () => {
  it('turns the network with frozen pretrained vectors into the plain one that computes the same', async () => {
    await selectBackend();
    const shape = { ...smallShape, pretrainedDim: 16 };
    const trained = buildTextCnn(shape);
    // Random vectors, and a projection and learnt embedding moved off their start, as training leaves them.
    const vectors = tf.tidy(() => tf.randomNormal([40, 16], 0, 1, 'float32', 5).dataSync() as Float32Array);
    withPretrainedWords(trained, vectors);
    for (const name of ['pretrained_projection', 'word_embedding']) {
      const layer = trained.getLayer(name);
      tf.tidy(() =>
        layer.setWeights(
          layer.getWeights().map((w, i) => tf.randomNormal(w.shape, 0, 0.3, 'float32', 9 + i)),
        ),
      );
    }
    const folded = foldPretrainedWords(trained, shape);
    expect(folded.layers.map((layer) => layer.name)).not.toContain('pretrained_word_vectors');

    const expected = answersToRandomIds(trained);
    const actual = answersToRandomIds(folded);
    for (const [row, values] of expected.entries()) {
      for (const [column, value] of values.entries()) expect(actual[row]?.[column]).toBeCloseTo(value, 5);
    }
    // The pretrained vectors count: the same network without them answers otherwise.
    const { pretrainedDim: _, ...plainShape } = shape;
    const without = buildTextCnn(plainShape);
    for (const layer of without.layers) {
      if (layer.weights.length) layer.setWeights(trained.getLayer(layer.name).getWeights());
    }
    const differs = answersToRandomIds(without).some((values, row) =>
      values.some((value, column) => Math.abs(value - (expected[row]?.[column] ?? 0)) > 1e-3),
    );
    expect(differs).toBe(true);
    for (const model of [trained, folded, without]) model.dispose();
  });
});

describe('ensembleTextCnn', () => {
  it('serves separately trained networks as one whose probabilities are their normalised geometric mean', async () => {
    await selectBackend();
    const shape = smallShape;
    // Members as training leaves them: every weight moved off its start, differently for each.
    const members = [3, 1003, 2003].map((seed, m) => {
      const member = buildTextCnn({ ...shape, seed });
      for (const layer of member.layers) {
        tf.tidy(() =>
          layer.setWeights(
            layer.getWeights().map((w, i) => tf.randomNormal(w.shape, 0, 0.1, 'float32', 100 * m + i)),
          ),
        );
      }
      return member;
    });
    const ensemble = ensembleTextCnn(members, shape);
    expect(memberCount(ensemble)).toBe(3);
    const serving = servingTextCnn(ensemble);
    expect(memberCount(serving)).toBe(3);

    const each = members.map(answersToRandomIds);
    const expected = (each[0] ?? []).map((values, row) => {
      const geometric = values.map((_, column) =>
        Math.exp(each.reduce((sum, p) => sum + Math.log(p[row]?.[column] ?? 0), 0) / each.length),
      );
      const total = geometric.reduce((a, b) => a + b, 0);
      return geometric.map((value) => value / total);
    });
    for (const model of [ensemble, serving]) {
      const actual = answersToRandomIds(model);
      for (const [row, values] of expected.entries()) {
        for (const [column, value] of values.entries()) expect(actual[row]?.[column]).toBeCloseTo(value, 5);
      }
    }
    // Not one member in disguise: each alone answers otherwise.
    for (const alone of each) {
      const differs = alone.some((values, row) =>
        values.some((value, column) => Math.abs(value - (expected[row]?.[column] ?? 0)) > 1e-3),
      );
      expect(differs).toBe(true);
    }
    for (const model of [...members, ensemble, serving]) model.dispose();
  });
});
