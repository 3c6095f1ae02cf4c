// pnpm bench:soak — fault scenario 10: the pipeline at a steady, moderate rate for SOAK_MINUTES (60), as a
// benchmark, not a test. Samples every service's RSS, the consumer groups' lag and end-to-end latency;
// reports the RSS slope after warm-up per service (target < 1 MB/min), and lag and p99 latency per window.
// Writes .stack/bench-results/soak.{json,md}.
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { startBenchStack, writeBenchResults } from '@docsort/local-stack';
import { groupLag } from '@docsort/pipeline-metrics';
import { startPipeline, watchClassified } from '@docsort/pipeline-tests';
import { testKafka } from '@docsort/test-harness';
import { faultCorpus } from '../src/fault-corpus.ts';
import { LoadGenerator } from '../src/load-generator.ts';

const minutes = Number(process.env.SOAK_MINUTES ?? 60);
const rate = Number(process.env.SOAK_RATE ?? 10);
const windowMinutes = Number(process.env.SOAK_WINDOW_MINUTES ?? Math.min(5, Math.max(1, minutes / 6)));
const warmUpMinutes = Number(process.env.SOAK_WARM_UP_MINUTES ?? Math.min(10, minutes / 4));
const sampleEveryMs = 15_000;

const { endpoints } = await startBenchStack({ log: () => {} });
console.error(
  `soak: ${rate} docs/s for ${minutes} min (windows of ${windowMinutes} min, warm-up ${warmUpMinutes} min)`,
);
const pipeline = await startPipeline({ partitions: 6, endpoints });
const watcher = await watchClassified(pipeline);
const classified = watcher.byId;

const rssMb = (pid: number) => {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
  return line ? Number(line[1]) / 1024 : Number.NaN;
};
const groups = [
  ['extract', pipeline.catalog.incoming.name],
  ['classify', pipeline.catalog.extracted.name],
  ['sink-results', pipeline.catalog.classified.name],
] as const;
const kafka = testKafka(pipeline.endpoints);
const samples: Array<{ minute: number; rss: Record<string, number>; lag: number }> = [];
const started = Date.now();
const load = new LoadGenerator(pipeline.api, await faultCorpus(200, 41), rate).start();
while (Date.now() - started < minutes * 60_000) {
  await sleep(sampleEveryMs);
  const rss = Object.fromEntries(pipeline.services.map((s) => [s.name, rssMb(s.record.pid)]));
  let lag = 0;
  for (const [stage, topic] of groups) lag += await groupLag(kafka, pipeline.consumerGroup(stage), topic);
  const minute = (Date.now() - started) / 60_000;
  samples.push({ minute, rss, lag });
  console.error(
    `${minute.toFixed(1)} min: ${classified.size} classified, lag ${lag}, RSS ${Object.entries(rss)
      .map(([n, v]) => `${n} ${v.toFixed(0)}`)
      .join(' ')} MB`,
  );
}
const report = await load.stop();
await sleep(10_000);

/** Least-squares slope of RSS (MB) over minutes, after the warm-up. */
const slope = (service: string) => {
  const points = samples.filter((s) => s.minute >= warmUpMinutes).map((s) => [s.minute, s.rss[service] ?? 0]);
  const n = points.length;
  if (n < 2) return Number.NaN;
  const mx = points.reduce((a, [x]) => a + (x ?? 0), 0) / n;
  const my = points.reduce((a, [, y]) => a + (y ?? 0), 0) / n;
  const num = points.reduce((a, [x, y]) => a + ((x ?? 0) - mx) * ((y ?? 0) - my), 0);
  const den = points.reduce((a, [x]) => a + ((x ?? 0) - mx) ** 2, 0);
  return num / den;
};
const p99 = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length * 0.99)] ?? Number.NaN;
const windows = Array.from({ length: Math.ceil(minutes / windowMinutes) }, (_, i) => {
  const from = started + i * windowMinutes * 60_000;
  const to = from + windowMinutes * 60_000;
  const inWindow = report.submitted.filter((s) => s.submittedAt >= from && s.submittedAt < to);
  const latencies = inWindow.flatMap((s) => {
    const c = classified.get(s.documentId);
    return c ? [c.classifiedAt - c.submittedAt] : [];
  });
  const lags = samples.filter((s) => s.minute >= i * windowMinutes && s.minute < (i + 1) * windowMinutes);
  return {
    window: `${i * windowMinutes}–${(i + 1) * windowMinutes} min`,
    submitted: inWindow.length,
    classified: latencies.length,
    p99Ms: p99(latencies),
    maxLag: Math.max(0, ...lags.map((s) => s.lag)),
  };
});
const services = [...new Set(pipeline.services.map((s) => s.name))];
const result = {
  minutes,
  rate,
  submitted: report.submitted.length,
  classified: report.submitted.filter((s) => classified.has(s.documentId)).length,
  rssSlopeMbPerMinute: Object.fromEntries(services.map((s) => [s, slope(s)])),
  windows,
  samples,
};
const markdown = [
  `# Soak: ${rate} docs/s for ${minutes} min`,
  '',
  `${result.classified} of ${result.submitted} submitted documents classified.`,
  '',
  '| service | RSS at end (MB) | RSS slope after warm-up (MB/min) | target |',
  '| --- | --- | --- | --- |',
  ...services.map(
    (s) =>
      `| ${s} | ${(samples.at(-1)?.rss[s] ?? 0).toFixed(0)} | ${slope(s).toFixed(2)} | ${slope(s) < 1 ? 'met' : 'NOT met'} (< 1) |`,
  ),
  '',
  '| window | submitted | classified | p99 (ms) | max lag |',
  '| --- | --- | --- | --- | --- |',
  ...windows.map((w) => `| ${w.window} | ${w.submitted} | ${w.classified} | ${w.p99Ms} | ${w.maxLag} |`),
  '',
].join('\n');
writeBenchResults('soak', result, markdown);
console.log(markdown);
await watcher.stop();
await pipeline.stop();
process.exit(0);
