import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractDocument, normalizeText } from '@docsort/extractors';
import { ObjectStore } from '@docsort/object-store';
import { defaultTemplatesDir, type Sample, sampleFile, synthesize } from '@docsort/synth';
import { addLabel, loadTaxonomy, type Taxonomy } from '@docsort/taxonomy';
import { createTestBucket, createTestDirectory, testStackEndpoints } from '@docsort/test-harness';
import { classificationMetrics } from '@docsort/text-classifier';
import { describe, expect, it } from 'vitest';
import { preparedTrainingData, trainModel } from './train-model.ts';
import { addTrainingExamples, loadTrainingExamples } from './training-examples.ts';

const endpoints = testStackEndpoints();
const industry = 'real_estate';
const examplesPerLabel = 20;

/**
 * The product promise "a new industry without code": from a model that never saw real estate, add its three
 * labels to the taxonomy file, store ≤ 20 real files of each (PDF, DOCX, HTML, e-mail, text), retrain.
 * Small training runs (the default model uses more documents and epochs).
 */
describe('adding an industry from a few example files', () => {
  it(`learns real_estate from ${examplesPerLabel} files per label without hurting the other labels`, async () => {
    const work = createTestDirectory('add-industry');
    const full = loadTaxonomy();
    const newLabels = full.labels.filter((l) => l.industry === industry);
    expect(newLabels.map((l) => l.name)).toEqual([
      'lease_agreement',
      'property_appraisal',
      'mortgage_statement',
    ]);
    const without: Taxonomy = {
      industries: full.industries.filter((i) => i.name !== industry),
      labels: full.labels.filter((l) => l.industry !== industry),
    };
    const taxonomyFile = join(work, 'taxonomy.json');
    writeFileSync(taxonomyFile, JSON.stringify(without));
    // No synthetic templates for the new labels: what the model knows of them comes from the examples. One
    // language (English layouts only; the default recipe trains eight) keeps runs this small comparable: with
    // 30 documents a label spread over eight languages' layouts, a label's F1 moves more between runs.
    const oneLanguage = (source: string) => !/\/(fr|de|es|it|nl|pl|pt|zh|ja)-[^/]*\.txt$/.test(source);
    const templatesDir = join(work, 'templates');
    cpSync(defaultTemplatesDir, templatesDir, {
      recursive: true,
      filter: (source) => oneLanguage(source) && !newLabels.some((l) => source.endsWith(`/${l.name}`)),
    });
    const training = {
      seed: 42,
      perLabel: 30,
      epochs: 8,
      reviewThreshold: 0.6,
      tfidfBaseline: false,
      calibrate: false,
    };
    const log = () => {};
    const before = await trainModel({
      ...training,
      taxonomy: without,
      templatesDir,
      out: join(work, 'before'),
      name: 'before',
      version: '1',
      log,
    });
    // `docsort train --data-hash` prints what the model's manifest records, without training.
    const recipe = { ...training, taxonomy: without, templatesDir, log };
    expect((await preparedTrainingData(recipe)).dataHash).toBe(before.manifest.dataHash);

    // The user's files: real documents of the new labels, badly named; 20 to learn from, the rest arriving
    // later (held out). The two halves come from the same layouts (see examplesAndLater).
    const userTemplatesDir = join(work, 'user-templates');
    cpSync(defaultTemplatesDir, userTemplatesDir, { recursive: true, filter: oneLanguage });
    const files = [
      ...synthesize({
        taxonomy: { industries: full.industries, labels: newLabels },
        templatesDir: userTemplatesDir,
        seed: 7,
        perLabel: examplesPerLabel * 2,
        formats: ['pdf', 'docx', 'html', 'eml', 'txt'],
        includeOther: false,
      }),
    ].filter((s) => s.split !== 'test-out-of-template');
    const bucket = await createTestBucket(endpoints, 'examples');
    const store = new ObjectStore({ ...endpoints.s3, bucket, inboxBucket: bucket });
    const heldOut: Sample[] = [];
    for (const label of newLabels) {
      addLabel(taxonomyFile, label);
      const split = examplesAndLater(
        files.filter((s) => s.label === label.name),
        examplesPerLabel,
      );
      heldOut.push(...split.later);
      const added = await addTrainingExamples(
        store,
        bucket,
        label.name,
        await Promise.all(
          split.examples.map(async (s) => ({ name: s.filename, bytes: await sampleFile(s) })),
        ),
      );
      expect(added.filter((a) => 'error' in a)).toEqual([]);
    }
    const taxonomy = loadTaxonomy(taxonomyFile);
    const labels = [...taxonomy.labels.map((l) => l.name), 'other'];
    const { examples, skipped } = await loadTrainingExamples(store, bucket, labels);
    expect(skipped).toEqual([]);
    expect(examples).toHaveLength(newLabels.length * examplesPerLabel);

    // Retrain from the model in hand (warm start): the old labels keep what they learnt. Three retrainings
    // (seeds) from the same model, judged by their median: at 20 files a label one run's F1 moves by a
    // document or two with the seed, and one run would pass or fail by it.
    const retrainingSeeds = [training.seed, training.seed + 1, training.seed + 2];
    const afters = [];
    for (const seed of retrainingSeeds) {
      afters.push(
        await trainModel({
          ...training,
          seed,
          epochs: 6,
          baseModel: before.classifier,
          taxonomy,
          templatesDir,
          examples,
          out: join(work, `after-${seed}`),
          name: 'after',
          version: `2.${seed}`,
          log,
        }),
      );
    }

    // Held-out files go through extraction like in production; the other labels, before and after, are read
    // on the same 80 fresh documents each: a test set big enough that one document more or less wrong is not
    // "2 points".
    const heldOutDocuments = await Promise.all(
      heldOut.map(async (s) => ({
        ...s,
        text: normalizeText((await extractDocument(await sampleFile(s))).text),
      })),
    );
    const otherDocuments = [
      ...synthesize({ taxonomy: without, seed: 1234, perLabel: 80, formats: ['txt'], templatesDir }),
    ]
      .filter((s) => s.split !== 'test-out-of-template')
      .map((s) => ({ ...s, text: normalizeText(s.lines.join('\n')) }));
    const scored = async (
      classifier: typeof before.classifier,
      documents: ReadonlyArray<{ text: string; filename: string; label: string; template: string }>,
    ) => {
      const results = await classifier.classify(documents);
      const { perLabelF1 } = classificationMetrics(
        documents.map((d, i) => ({ truth: d.label, label: results[i]?.label ?? '?', confidence: 0 })),
        labels,
      );
      const errors = documents.flatMap((d, i) =>
        results[i]?.label === d.label ? [] : [`${d.label} → ${results[i]?.label} (${d.template})`],
      );
      return { perLabelF1, errors };
    };
    const beforeF1 = (await scored(before.classifier, otherDocuments)).perLabelF1;
    const newRuns = [];
    const otherRuns = [];
    for (const [i, after] of afters.entries()) {
      const run = await scored(after.classifier, heldOutDocuments);
      newRuns.push(run.perLabelF1);
      otherRuns.push((await scored(after.classifier, otherDocuments)).perLabelF1);
      console.log(
        `retraining seed ${retrainingSeeds[i]}: new labels, held-out F1 ${JSON.stringify(run.perLabelF1)}; ` +
          `held-out errors: ${JSON.stringify(run.errors)}`,
      );
    }
    const newF1 = medianPerLabel(newRuns);
    const afterF1 = medianPerLabel(otherRuns);
    console.log(
      `median of ${afters.length} retrainings: new labels ${JSON.stringify(
        Object.fromEntries(newLabels.map((l) => [l.name, newF1[l.name]])),
      )}; other labels: ` +
        Object.entries(beforeF1)
          .filter(([label, f1]) => afterF1[label] !== f1)
          .map(([label, f1]) => `${label} ${f1} → ${afterF1[label]}`)
          .join(', '),
    );
    for (const label of newLabels) expect(newF1[label.name]).toBeGreaterThanOrEqual(0.9);
    // The other labels, together, lose at most 2 points of macro-F1; and no label more than 5.5 points of F1
    // (a few documents of 80): at this test's scale (small models, 30 training documents a label) a single
    // label's F1 moves by a document or two between any two training runs, added labels or not.
    const macro = (f1: Record<string, number>) =>
      Object.keys(beforeF1).reduce((sum, label) => sum + (f1[label] ?? 0), 0) / Object.keys(beforeF1).length;
    expect(macro(afterF1)).toBeGreaterThanOrEqual(macro(beforeF1) - 0.02);
    const losses = Object.entries(beforeF1)
      .filter(([label, f1]) => (afterF1[label] ?? 0) < f1 - 0.055)
      .map(([label, f1]) => `${label}: ${f1} → ${afterF1[label]}`);
    expect(losses).toEqual([]);
  }, 1_200_000);
});

/**
 * A label's files split into the examples a user stores and the files that arrive later, layout by layout:
 * each layout's files alternate between the two, and the examples take one of every layout before a second
 * of any. A company's documents of a kind come from its own few issuers, and its examples show them; a layout
 * no example shows is the out-of-template test's question, not this one's. (Drawn at random instead, 20 files
 * of ~14 layouts left 5 layouts unseen: half the held-out leases, and their F1 0.75–0.97 by the seed.)
 */
function examplesAndLater(
  files: readonly Sample[],
  examples: number,
): { examples: Sample[]; later: Sample[] } {
  const position = new Map<Sample, number>();
  const seen = new Map<string, number>();
  for (const file of files) {
    const n = seen.get(file.template) ?? 0;
    position.set(file, n);
    seen.set(file.template, n + 1);
  }
  const roundRobin = (pool: Sample[]) =>
    pool.sort(
      (a, b) => (position.get(a) ?? 0) - (position.get(b) ?? 0) || a.template.localeCompare(b.template),
    );
  const first = roundRobin(files.filter((f) => (position.get(f) ?? 0) % 2 === 0));
  const second = roundRobin(files.filter((f) => (position.get(f) ?? 0) % 2 === 1));
  return { examples: first.slice(0, examples), later: [...second, ...first.slice(examples)] };
}

/** Each label's median F1 over runs (a label missing from a run counts as 0). */
function medianPerLabel(runs: readonly Record<string, number>[]): Record<string, number> {
  const labels = new Set(runs.flatMap((run) => Object.keys(run)));
  return Object.fromEntries(
    [...labels].map((label) => {
      const values = runs.map((run) => run[label] ?? 0).sort((a, b) => a - b);
      return [label, values[Math.floor(values.length / 2)] ?? 0];
    }),
  );
}
