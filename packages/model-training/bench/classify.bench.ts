import { availableParallelism, cpus } from 'node:os';
import { writeBenchResults } from '@docsort/local-stack';
import { synthesize } from '@docsort/synth';
import { loadTaxonomy } from '@docsort/taxonomy';
import { ClassifierPool, defaultModelDir, TextClassifier } from '@docsort/text-classifier';
import { LogisticRegressionBaseline } from '../src/logistic-regression-baselines.ts';
import { trainingData } from '../src/training-data.ts';

const documentCount = Number(process.env.BENCH_DOCUMENTS ?? 1_000);
const batchSizes = [32, 128, 512];
const pageCharacters = 3_000;
const taxonomy = loadTaxonomy();

// 1–3 pages each: a document's own text, continued with more documents of the same label (annexes, pages).
const samples = [
  ...synthesize({ taxonomy, seed: 99, perLabel: Math.ceil((documentCount * 4) / 25), formats: ['txt'] }),
];
const byLabel = Object.groupBy(samples, (s) => s.label);
const documents = Array.from({ length: documentCount }, (_, i) => {
  const sample = samples[(i * 7) % samples.length];
  if (!sample) throw new Error('no samples');
  const sameLabel = byLabel[sample.label] ?? [sample];
  const target = pageCharacters * (1 + (i % 3));
  let text = sample.lines.join('\n');
  for (let k = 1; text.length < target; k++)
    text += `\n${(sameLabel[(i + k) % sameLabel.length] ?? sample).lines.join('\n')}`;
  return { text: text.slice(0, target), filename: sample.filename };
});

const seconds = (started: bigint) => Number(process.hrtime.bigint() - started) / 1e9;

const classifier = await TextClassifier.load(defaultModelDir, (m) => console.error(m));
await classifier.classify(documents.slice(0, 64)); // warm-up: kernels compiled, memory grown
const cnn: Record<number, number> = {};
for (const batchSize of batchSizes) {
  const started = process.hrtime.bigint();
  await classifier.probabilities(documents, batchSize);
  cnn[batchSize] = Math.round(documents.length / seconds(started));
  console.error(`text CNN (${classifier.backend}), batch ${batchSize}: ${cnn[batchSize]} docs/s`);
}

// The wasm backend computes on one core per thread: a pool of threads uses all of them.
const threads = availableParallelism();
const pool = await ClassifierPool.start(defaultModelDir, classifier.manifest, threads, classifier.backend);
await pool.classify(documents.slice(0, 64));
const pooled: Record<number, number> = {};
for (const batchSize of batchSizes) {
  const started = process.hrtime.bigint();
  for (let i = 0; i < documents.length; i += batchSize)
    await pool.classify(documents.slice(i, i + batchSize));
  pooled[batchSize] = Math.round(documents.length / seconds(started));
  console.error(
    `text CNN (${classifier.backend}, ${threads} threads), batch ${batchSize}: ${pooled[batchSize]} docs/s`,
  );
}
await pool.dispose();

console.error('training the TF-IDF baseline for the comparison');
const data = trainingData({ taxonomy, seed: 42, perLabel: 30 });
const tfidf = await LogisticRegressionBaseline.tfidf(data.train, data.labels, { seed: 42 });
const texts = documents.map((d) => d.text);
await tfidf.classify(texts.slice(0, 64));
const baseline: Record<number, number> = {};
for (const batchSize of batchSizes) {
  const started = process.hrtime.bigint();
  await tfidf.classify(texts, batchSize);
  baseline[batchSize] = Math.round(documents.length / seconds(started));
  console.error(`TF-IDF + LR, batch ${batchSize}: ${baseline[batchSize]} docs/s`);
}

const best = Math.max(...Object.values(cnn), ...Object.values(pooled));
const report = {
  machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`,
  backend: classifier.backend,
  model: `${classifier.manifest.name} ${classifier.manifest.version}`,
  documents: documents.length,
  averageCharacters: Math.round(texts.reduce((n, t) => n + t.length, 0) / texts.length),
  threads,
  docsPerSecond: { textCnn: cnn, textCnnThreads: pooled, tfidfBaseline: baseline },
  bestTextCnnDocsPerSecond: best,
  target: 500,
  targetMet: best >= 500,
};
const markdown = [
  `# Batched classification, docs/s: text CNN (${report.backend}) vs TF-IDF + logistic regression (${report.documents} texts of 1–3 pages, ${report.machine})`,
  '',
  `| batch size | text CNN, 1 thread | text CNN, ${threads} threads | TF-IDF + LR, 1 thread | CNN ${threads} threads / TF-IDF |`,
  '| --- | --- | --- | --- | --- |',
  ...batchSizes.map(
    (b) =>
      `| ${b} | ${cnn[b]} | ${pooled[b]} | ${baseline[b]} | ${((pooled[b] ?? 0) / Math.max(1, baseline[b] ?? 0)).toFixed(2)}× |`,
  ),
  '',
  `Target (≥ 500 docs/s on wasm): ${report.targetMet ? 'met' : 'NOT met'} — best ${best} docs/s.`,
  '',
].join('\n');
writeBenchResults('classify', report, markdown);
console.log(markdown);
