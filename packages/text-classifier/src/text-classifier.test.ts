import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestDirectory } from '@docsort/test-harness';
import { describe, expect, it } from 'vitest';
import { saveLayersModel } from './model-files.ts';
import { selectBackend, tf } from './tensorflow-backend.ts';
import { TextClassifier, toTensors } from './text-classifier.ts';
import { memberCount } from './text-cnn.ts';
import { trainTextCnn } from './train-text-cnn.ts';
import { fullyReadShare } from './unread-text.ts';

const corpus = (label: string, words: string, n: number) =>
  Array.from({ length: n }, (_, i) => ({
    text: `${words} ${i} ${words.split(' ').reverse().join(' ')}`,
    filename: `scan_${i}.pdf`,
    label,
  }));

const manifest = {
  name: 't',
  version: '1',
  labels: ['invoice', 'recipe'],
  createdAt: '',
  dataHash: '',
  backend: 'wasm',
  metrics: {},
  trainingDistribution: {},
};
// Content against lying filenames.
const docs = [
  { text: 'please pay the invoice total now', filename: 'recipe_final.pdf' },
  { text: 'bake the flour and eggs in the oven', filename: 'invoice_0001.pdf' },
];

describe('the text CNN', () => {
  it('runs on wasm here (tfjs-node is not installable on this machine)', async () => {
    expect(await selectBackend()).toBe('wasm');
  });

  it('learns a toy task, and classifies the same after a save and a load', async () => {
    const train = [
      ...corpus('invoice', 'invoice total due payment terms', 30),
      ...corpus('recipe', 'flour eggs oven bake minutes', 30),
    ];
    const trained = await trainTextCnn({
      train,
      validation: train.slice(0, 10),
      labels: ['invoice', 'recipe'],
      seed: 1,
      epochs: 8,
    });
    const dir = createTestDirectory('model');
    // What a larger model saved here before would have left.
    writeFileSync(join(dir, 'weights.2.bin'), Buffer.alloc(8));
    await saveLayersModel(trained.model, dir);
    expect(readdirSync(dir).sort()).toEqual(['model.json', 'weights.bin']);
    writeFileSync(join(dir, 'tokenizer.json'), JSON.stringify(trained.tokenizer.config));
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
    const loaded = await TextClassifier.load(dir);
    const results = await loaded.classify(docs);
    // Content wins over the lying filenames.
    expect(results.map((r) => r.label)).toEqual(['invoice', 'recipe']);
    const original = await TextClassifier.fromTrained(
      trained.model,
      trained.tokenizer,
      loaded.manifest,
      'wasm',
    ).classify(docs);
    // Loaded, the network is served with convolutions in place of windows + dense layers: equal up to float
    // rounding.
    for (const [i, result] of results.entries())
      expect(result.confidence).toBeCloseTo(original[i]?.confidence ?? 0, 6);

    // The probabilities come from the label layer's logits: the same as the trained network's softmax (one
    // window, temperature 1, every word known, so nothing else touches them).
    const known = [
      { text: 'invoice total due payment terms', filename: 'a.pdf' },
      { text: 'flour eggs oven bake minutes', filename: 'b.pdf' },
    ];
    const read = known.map((d) => trained.tokenizer.read(d.text, d.filename, 1));
    expect(read.every((r) => r.windows.length === 1 && r.knownShare >= fullyReadShare)).toBe(true);
    const inputs = toTensors(
      read.flatMap((r) => r.windows),
      trained.tokenizer,
    );
    const softmax = (trained.model.predict(inputs) as tf.Tensor2D).arraySync();
    tf.dispose(inputs);
    const viaLogits = await loaded.probabilities(known);
    viaLogits.forEach((row, d) => {
      row.forEach((p, j) => {
        expect(p).toBeCloseTo(softmax[d]?.[j] ?? -1, 5);
      });
    });

    // Unfamiliar: labelled, but with label evidence below the manifest's floor.
    const [invoice, recipe] = results;
    expect(invoice?.evidence).toEqual(expect.any(Number));
    expect(results.every((r) => r.unfamiliar === false)).toBe(true);
    const floor = ((invoice?.evidence ?? 0) + (recipe?.evidence ?? 0)) / 2;
    const strict = await loaded.withManifest({ ...loaded.manifest, evidenceFloor: floor }).classify(docs);
    expect(strict.map((r) => r.unfamiliar)).toEqual([
      (invoice?.evidence ?? 0) < floor,
      (recipe?.evidence ?? 0) < floor,
    ]);
    expect(strict.filter((r) => r.unfamiliar)).toHaveLength(1);
    // The floor routes; it does not change the answer.
    expect(strict.map((r) => [r.label, r.confidence])).toEqual(results.map((r) => [r.label, r.confidence]));
  }, 120_000);

  it('trains members one after another and serves them as one model; a warm start from it keeps them', async () => {
    const train = [
      ...corpus('invoice', 'invoice total due payment terms', 30),
      ...corpus('recipe', 'flour eggs oven bake minutes', 30),
    ];
    const epochs: number[] = [];
    const ensemble = await trainTextCnn({
      train,
      validation: train.slice(0, 10),
      labels: ['invoice', 'recipe'],
      seed: 1,
      epochs: 3,
      earlyStopping: false,
      members: 2,
      onEpoch: (epoch) => epochs.push(epoch),
    });
    expect(ensemble.members).toBe(2);
    expect(memberCount(ensemble.model)).toBe(2);
    // Epochs count on over the members.
    expect(epochs).toEqual([1, 2, 3, 4, 5, 6]);
    const served = TextClassifier.fromTrained(ensemble.model, ensemble.tokenizer, manifest, 'wasm');
    expect((await served.classify(docs)).map((r) => r.label)).toEqual(['invoice', 'recipe']);

    const widened = await trainTextCnn({
      train: [...train, ...corpus('letter', 'dear sir yours faithfully regards', 20)],
      validation: train.slice(0, 10),
      labels: ['invoice', 'recipe', 'letter'],
      seed: 2,
      epochs: 4,
      initialFrom: { model: ensemble.model, tokenizer: ensemble.tokenizer, labels: ['invoice', 'recipe'] },
    });
    expect(widened.members).toBe(2);
    const after = TextClassifier.fromTrained(
      widened.model,
      widened.tokenizer,
      {
        ...manifest,
        labels: ['invoice', 'recipe', 'letter'],
      },
      'wasm',
    );
    expect(
      (await after.classify([...docs, { text: 'dear sir regards yours faithfully', filename: 'x.pdf' }])).map(
        (r) => r.label,
      ),
    ).toEqual(['invoice', 'recipe', 'letter']);
    ensemble.model.dispose();
    widened.model.dispose();
  }, 120_000);
});
