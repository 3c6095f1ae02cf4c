// pnpm bench:e2e — the four services as processes on the native stack, fed over HTTP by a load generator at
// fixed offered rates and then as fast as it can. Reports sustained throughput, end-to-end latency
// (submitted → classified, from the records' own timestamps), CPU ms per document per service and peak RSS
// per service. Writes JSON and a Markdown table.
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { startBenchStack, writeBenchResults } from '@docsort/local-stack';
import { groupLag } from '@docsort/pipeline-metrics';
import { sampleFile, synthesize } from '@docsort/synth';
import { loadTaxonomy } from '@docsort/taxonomy';
import { testKafka } from '@docsort/test-harness';
import { startPipeline, watchClassified } from '../src/test-pipeline.ts';

const rates = (process.env.BENCH_RATES ?? '5,20').split(',').map(Number);
const secondsPerRate = Number(process.env.BENCH_SECONDS ?? 20);
// Enough for ~20 s at the maximum: a few seconds would measure the ramp, not a sustained rate.
const maxDocuments = Number(process.env.BENCH_MAX_DOCUMENTS ?? 2000);
// Enough that the uploads outrun the pipeline: the maximum measures the pipeline, not the load generator.
const uploaders = Number(process.env.BENCH_UPLOADERS ?? 16);
const ticksPerSecond = 100; // USER_HZ on Linux

console.error('generating the corpus (pdf, docx, xlsx, html, eml, txt; 1–3 pages of text each)…');
const samples = [
  ...synthesize({
    taxonomy: loadTaxonomy(),
    seed: 5,
    perLabel: 30,
    formats: ['pdf', 'docx', 'xlsx', 'html', 'eml', 'txt'],
  }),
].filter((s) => s.split !== 'test-out-of-template');
// Each upload's multipart body is built once: the load generator shares the pipeline's two cores, and
// fetch + FormData per upload cost it ~2 ms of CPU per document (more than the sink's whole share).
const boundary = 'docsort-bench-boundary';
const corpus = await Promise.all(
  samples
    .slice(0, 400)
    .map(async (s) =>
      Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${s.filename}"\r\n` +
            'Content-Type: application/octet-stream\r\n\r\n',
        ),
        await sampleFile(s),
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]),
    ),
);

console.error('starting the stack and the pipeline (4 services as processes)…');
const { stack, endpoints } = await startBenchStack({ log: () => {} });
// The stack's servers and this load generator share the same two cores: their CPU is reported too.
const neighbours = (await stack.status())
  .filter((s) => s.pid !== null && s.pid !== undefined && s.name !== 'prometheus')
  .map((s) => ({ name: s.name, pid: s.pid as number }));
const pipeline = await startPipeline({ partitions: 6, endpoints });
const watcher = await watchClassified(pipeline);
const classified = watcher.byId;

let next = 0;
const uploads = new Agent({ keepAlive: true, maxSockets: uploaders });
function submit(): Promise<string> {
  const body = corpus[next++ % corpus.length] as Buffer;
  return new Promise((resolve, reject) => {
    const upload = request(
      `${pipeline.api}/v1/documents`,
      {
        method: 'POST',
        agent: uploads,
        headers: {
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': body.length,
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          if (response.statusCode !== 202) return reject(new Error(`upload: ${response.statusCode}`));
          const answer = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
            documents: Array<{ documentId: string }>;
          };
          resolve(answer.documents[0]?.documentId ?? '');
        });
        response.on('error', reject);
      },
    );
    upload.on('error', reject);
    upload.end(body);
  });
}
function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]); // utime + stime
}
function peakRssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmHWM:\s+(\d+) kB/);
  return Math.round(Number(line?.[1] ?? 0) / 1024);
}
const servicePids = () => pipeline.services.map((s) => ({ name: s.name, pid: s.record.pid }));
const measured = () => [...servicePids(), ...neighbours, { name: 'load generator', pid: process.pid }];
const cpuNow = () => Object.fromEntries(measured().map((s) => [s.name, cpuTicks(s.pid)]));

async function awaitAll(ids: readonly string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (ids.some((id) => !classified.has(id)) && Date.now() < deadline) await sleep(100);
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};
const latencies = (ids: readonly string[]) =>
  ids.flatMap((id) => {
    const c = classified.get(id);
    return c ? [c.classifiedAt - c.submittedAt] : [];
  });

// Warm-up: every worker started, the model loaded, the JIT warm.
await awaitAll(await Promise.all(Array.from({ length: 20 }, submit)), 120_000);

const phases: Array<Record<string, unknown>> = [];
for (const rate of rates) {
  console.error(`offered rate ${rate} docs/s for ${secondsPerRate} s…`);
  const ids: string[] = [];
  const cpuBefore = cpuNow();
  const started = Date.now();
  for (let i = 0; i < rate * secondsPerRate; i++) {
    const due = started + (i * 1000) / rate;
    if (due > Date.now()) await sleep(due - Date.now());
    ids.push(await submit());
  }
  await awaitAll(ids, 120_000);
  phases.push(phaseResult(`${rate} docs/s offered`, ids, started, cpuBefore));
}
{
  console.error(`maximum: ${maxDocuments} documents as fast as ${uploaders} concurrent uploaders go…`);
  const ids: string[] = [];
  const cpuBefore = cpuNow();
  const started = Date.now();
  let claimed = 0;
  await Promise.all(
    Array.from({ length: uploaders }, async () => {
      // Claim a slot before uploading, so that exactly maxDocuments go out.
      while (claimed < maxDocuments) {
        claimed += 1;
        ids.push(await submit());
      }
    }),
  );
  await awaitAll(ids, 300_000);
  // Classified is not the end: the sink must have stored every result too, or a sink that falls behind
  // would look free. The phase ends when both are done, and its CPU includes the sink's catching up.
  const stored = await sinkCaughtUp(300_000);
  phases.push(phaseResult('maximum', ids, started, cpuBefore, stored));
}

/** When the sink's consumer group has committed everything on documents.classified (polled). */
async function sinkCaughtUp(timeoutMs: number): Promise<number> {
  const kafka = testKafka(pipeline.endpoints);
  const groupId = pipeline.consumerGroup('sink-results');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await groupLag(kafka, groupId, pipeline.catalog.classified.name)) === 0) return Date.now();
    await sleep(100);
  }
  throw new Error(`the sink did not catch up within ${timeoutMs} ms`);
}

function phaseResult(
  name: string,
  ids: string[],
  started: number,
  cpuBefore: Record<string, number>,
  storedAt?: number,
) {
  const done = ids.filter((id) => classified.has(id));
  const classifiedAt = Math.max(...done.map((id) => classified.get(id)?.classifiedAt ?? 0));
  const finished = Math.max(classifiedAt, storedAt ?? 0);
  const l = latencies(ids);
  const cpuAfter = cpuNow();
  return {
    phase: name,
    documents: ids.length,
    classified: done.length,
    throughput: Math.round((done.length / ((finished - started) / 1000)) * 10) / 10,
    p50: percentile(l, 50),
    p95: percentile(l, 95),
    p99: percentile(l, 99),
    cpuMsPerDocument: Object.fromEntries(
      Object.keys(cpuAfter).map((service) => [
        service,
        // One decimal: whole milliseconds hid where the ~20 ms per document go.
        Math.round(
          ((((cpuAfter[service] ?? 0) - (cpuBefore[service] ?? 0)) * (1000 / ticksPerSecond)) /
            Math.max(1, done.length)) *
            10,
        ) / 10,
      ]),
    ),
  };
}

const peakRss = Object.fromEntries(servicePids().map((s) => [s.name, peakRssMb(s.pid)]));
await watcher.stop();
uploads.destroy();
await pipeline.stop();

const at20 = phases.find((p) => p.phase === '20 docs/s offered');
const max = phases.find((p) => p.phase === 'maximum');
const report = {
  phases,
  peakRssMb: peakRss,
  targets: {
    sustainedThroughput: { target: 100, measured: max?.throughput, met: Number(max?.throughput) >= 100 },
    p99At20: { target: 300, measured: at20?.p99, met: Number(at20?.p99) <= 300 },
  },
};
const services = Object.keys(phases[0]?.cpuMsPerDocument as Record<string, number>);
const markdown = [
  '# End to end: HTTP upload → classified (4 services as processes, native stack, this machine)',
  '',
  `| phase | documents | classified | docs/s (classified and stored) | p50 ms | p95 ms | p99 ms | ${services.map((s) => `${s} CPU ms/doc`).join(' | ')} |`,
  `| --- | --- | --- | --- | --- | --- | --- | ${services.map(() => '---').join(' | ')} |`,
  ...phases.map(
    (p) =>
      `| ${p.phase} | ${p.documents} | ${p.classified} | ${p.throughput} | ${p.p50} | ${p.p95} | ${p.p99} | ${services
        .map((s) => (p.cpuMsPerDocument as Record<string, number>)[s])
        .join(' | ')} |`,
  ),
  '',
  `Peak RSS (MB): ${Object.keys(peakRss)
    .map((s) => `${s} ${peakRss[s]}`)
    .join(', ')}.`,
  `Targets: ≥ 100 docs/s sustained — ${report.targets.sustainedThroughput.met ? 'met' : 'NOT met'} (${max?.throughput}); ` +
    `p99 ≤ 300 ms at 20 docs/s — ${report.targets.p99At20.met ? 'met' : 'NOT met'} (${at20?.p99 ?? 'not run'}).`,
  '',
].join('\n');
writeBenchResults('e2e', report, markdown);
console.log(markdown);
process.exit(0);
