import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConfluentAvroSerde, SchemaRegistryClient } from '@docsort/avro-serde';
import { type DocumentIncoming, messageSchema, type TopicCatalog, topicCatalog } from '@docsort/contracts';
import { startBenchStack, writeBenchResults } from '@docsort/local-stack';
import { applyTopics } from '@docsort/topic-admin';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { topicBinding } from '../src/stage.ts';
import { StreamRuntime } from '../src/stream-runtime.ts';
import { relayStage } from '../src/testing/relay-stage.ts';

const records = Number(process.env.BENCH_RECORDS ?? 200);
const gapMs = Number(process.env.BENCH_GAP_MS ?? 20);

const { endpoints } = await startBenchStack();
const kafka = new Kafka({
  clientId: 'bench',
  brokers: [...endpoints.kafka.brokers],
  logLevel: logLevel.ERROR,
});
const registry = new SchemaRegistryClient({ url: endpoints.schemaRegistry.url });
const serde = new ConfluentAvroSerde(registry);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function sample(i: number): DocumentIncoming {
  return {
    documentId: crypto.randomUUID(),
    object: { bucket: 'bench', key: `k${i}`, versionId: null, etag: null },
    size: 1,
    sha256: null,
    filename: `scan_${i}.pdf`,
    declaredContentType: null,
    tenant: null,
    origin: 'DIRECT',
    submittedAt: Date.now(),
    correlationId: crypto.randomUUID(),
    attributes: {},
    parentDocumentId: null,
    content: null,
  };
}

async function freshCatalog(name: string): Promise<TopicCatalog> {
  const catalog = topicCatalog({ prefix: `bench-${name}-${Date.now().toString(36)}`, partitions: 1 });
  const admin = kafka.admin();
  await admin.connect();
  await applyTopics(admin, registry, catalog);
  await admin.disconnect();
  return catalog;
}

/** Sends records one at a time, each after the previous one's output arrived; returns per-record latencies. */
async function measure(
  catalog: TopicCatalog,
  producer: Producer,
): Promise<{ stage: number[]; roundTrip: number[] }> {
  const serializer = await serde.serializer<DocumentIncoming>(
    catalog.incoming.subject,
    messageSchema('DocumentIncoming'),
  );
  const waiting = new Map<string, (outputTimestamp: number) => void>();
  const consumer = kafka.consumer({ groupId: `${catalog.incoming.name}-reader`, maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topic: catalog.extracted.name, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) =>
      waiting.get(message.key?.toString() ?? '')?.(Number(message.timestamp)),
  });
  const stage: number[] = [];
  const roundTrip: number[] = [];
  for (let i = 0; i < records + 20; i++) {
    const record = sample(i);
    const arrived = new Promise<number>((resolve) => waiting.set(record.documentId, resolve));
    const sentAt = Date.now();
    const [meta] = await producer.send({
      topic: catalog.incoming.name,
      acks: -1,
      messages: [{ key: record.documentId, value: serializer.serialize(record), timestamp: String(sentAt) }],
    });
    const outputTimestamp = await arrived;
    if (i >= 20 && meta) {
      // Warm-up records (the first 20) are left out.
      stage.push(outputTimestamp - sentAt);
      roundTrip.push(Date.now() - sentAt);
    }
    await sleep(gapMs);
  }
  await consumer.disconnect();
  return { stage, roundTrip };
}

async function runtimeRelay(catalog: TopicCatalog) {
  const runtime = new StreamRuntime({
    kafka,
    serde,
    stage: relayStage(catalog),
    deadLetter: topicBinding(catalog.dlq),
    options: { groupId: `${catalog.incoming.name}-runtime` },
  });
  await runtime.start();
  return () => runtime.stop();
}

/** The floor: consume, decode, call the same stage, produce, with nothing else (no DLQ, retries, commits). */
async function bareRelay(catalog: TopicCatalog) {
  const stage = relayStage(catalog);
  const deserializer = serde.deserializer<DocumentIncoming>(messageSchema('DocumentIncoming'));
  const serializer = await serde.serializer(catalog.extracted.subject, messageSchema('DocumentExtracted'));
  const consumer = kafka.consumer({ groupId: `${catalog.incoming.name}-bare`, maxWaitTimeInMs: 100 });
  const producer = kafka.producer();
  await Promise.all([consumer.connect(), producer.connect()]);
  await consumer.subscribe({ topic: catalog.incoming.name, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ topic, partition, message }) => {
      const value = await deserializer.deserialize(message.value);
      const outputs = await stage.process(
        {
          value,
          key: message.key?.toString() ?? null,
          topic,
          partition,
          offset: message.offset,
          headers: {},
        },
        { signal: new AbortController().signal, attempt: 1 },
      );
      await producer.send({
        topic: catalog.extracted.name,
        acks: -1,
        messages: outputs.map((o) => ({ key: o.key, value: serializer.serialize(o.value) })),
      });
    },
  });
  return async () => {
    await consumer.disconnect();
    await producer.disconnect();
  };
}

const producer = kafka.producer();
await producer.connect();
const results: Record<string, { p50: number; p95: number; p99: number; max: number; roundTripP50: number }> =
  {};
for (const [name, start] of [
  ['StreamRuntime', runtimeRelay],
  ['bare kafkajs loop', bareRelay],
] as const) {
  const catalog = await freshCatalog(name === 'StreamRuntime' ? 'runtime' : 'bare');
  const stop = await start(catalog);
  process.stderr.write(`measuring ${name}: ${records} records, one at a time…\n`);
  const { stage, roundTrip } = await measure(catalog, producer);
  await stop();
  const sorted = [...stage].sort((a, b) => a - b);
  results[name] = {
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? Number.NaN,
    roundTripP50: percentile(
      [...roundTrip].sort((a, b) => a - b),
      50,
    ),
  };
}
await producer.disconnect();

const runtime = results.StreamRuntime;
const bare = results['bare kafkajs loop'];
const ratio = runtime && bare ? runtime.p50 / Math.max(1, bare.p50) : Number.NaN;
const report = {
  benchmark: 'stage-latency',
  at: new Date().toISOString(),
  records,
  gapMs,
  machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
  results,
  runtimeToBareP50Ratio: ratio,
  targetP50Ms: 50,
  targetMet: (runtime?.p50 ?? Number.POSITIVE_INFINITY) < 50,
};
const rows = Object.entries(results).map(
  ([name, r]) => `| ${name} | ${r.p50} | ${r.p95} | ${r.p99} | ${r.max} | ${r.roundTripP50} |`,
);
const markdown = [
  `# Stage latency on an idle pipeline (${records} records, one at a time, ${gapMs} ms apart)`,
  '',
  'Stage latency: input record produced → output record produced (broker timestamps, ms).',
  '',
  '| loop | p50 | p95 | p99 | max | round trip p50 |',
  '| --- | --- | --- | --- | --- | --- |',
  ...rows,
  '',
  `StreamRuntime / bare p50: ${ratio.toFixed(2)}×. Target p50 < 50 ms: ${report.targetMet ? 'met' : 'NOT met'}.`,
  '',
].join('\n');
const outDir = writeBenchResults('stage-latency', report, markdown);
console.log(markdown);
console.log(`written: ${join(outDir, 'stage-latency.json')} and .md`);
process.exit(0);
