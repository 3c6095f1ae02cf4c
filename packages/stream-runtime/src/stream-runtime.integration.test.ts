import { ConfluentAvroSerde, SchemaRegistryClient } from '@docsort/avro-serde';
import {
  type DocumentExtracted,
  type DocumentFailed,
  type DocumentIncoming,
  messageSchema,
  RetriableError,
  type TopicCatalog,
} from '@docsort/contracts';
import { waitUntil } from '@docsort/local-stack';
import {
  type CollectedRecord,
  collectTopics,
  createTestCatalog,
  sampleClassified,
  sampleIncoming,
  testKafka,
  testStackEndpoints,
  uniqueName,
} from '@docsort/test-harness';
import { applyTopics } from '@docsort/topic-admin';
import type { Message } from 'kafkajs';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { RuntimeObserver } from './runtime-observer.ts';
import type { RuntimeOptions } from './runtime-options.ts';
import { type Stage, topicBinding } from './stage.ts';
import { StreamRuntime } from './stream-runtime.ts';
import { relayStage } from './testing/relay-stage.ts';

const endpoints = testStackEndpoints();
const registry = new SchemaRegistryClient({ url: endpoints.schemaRegistry.url });
const serde = new ConfluentAvroSerde(registry);

/** A catalog of fresh topics with schemas, and a started relay runtime on it. */
async function relayPipeline(
  options: Partial<RuntimeOptions> = {},
  partitions = 3,
  wrap: (stage: Stage<DocumentIncoming>) => Stage<DocumentIncoming> = (stage) => stage,
  observer: RuntimeObserver = {},
) {
  const catalog = createTestCatalog(endpoints, partitions);
  const admin = testKafka(endpoints).admin();
  await admin.connect();
  await applyTopics(admin, registry, catalog);
  await admin.disconnect();
  const events = { retried: 0, deadLettered: [] as string[], paused: 0, resumed: 0, rebalances: 0 };
  const runtime = new StreamRuntime<DocumentIncoming>({
    kafka: testKafka(endpoints),
    serde,
    stage: wrap(relayStage(catalog)),
    deadLetter: topicBinding(catalog.dlq),
    options: { groupId: uniqueName('relay'), retry: { initialMs: 20, maxMs: 100 }, ...options },
    observer: {
      retried: () => {
        events.retried += 1;
      },
      deadLettered: ({ reason }) => {
        events.deadLettered.push(reason);
      },
      paused: () => {
        events.paused += 1;
      },
      resumed: () => {
        events.resumed += 1;
      },
      rebalanced: () => {
        events.rebalances += 1;
      },
      committed: (event) => observer.committed?.(event),
    },
  });
  await runtime.start();
  onTestFinished(() => runtime.stop());
  const collector = await collectTopics(endpoints, [catalog.extracted.name, catalog.dlq.name]);
  return { catalog, runtime, collector, events };
}

async function produceRaw(topic: string, messages: Message[]): Promise<void> {
  const producer = testKafka(endpoints).producer();
  await producer.connect();
  await producer.send({ topic, acks: -1, messages });
  await producer.disconnect();
}

async function produceIncoming(
  catalog: TopicCatalog,
  records: DocumentIncoming[],
  partition?: number,
): Promise<Buffer[]> {
  const serializer = await serde.serializer<DocumentIncoming>(
    catalog.incoming.subject,
    messageSchema('DocumentIncoming'),
  );
  const values = records.map((record) => serializer.serialize(record));
  await produceRaw(
    catalog.incoming.name,
    records.map((record, i) => ({ key: record.documentId, value: values[i] ?? null, partition })),
  );
  return values;
}

const on = (topic: string) => (records: readonly CollectedRecord[]) =>
  records.filter((r) => r.topic === topic);

async function decodeAll<T>(
  records: readonly CollectedRecord[],
  schemaName: 'DocumentExtracted' | 'DocumentFailed',
) {
  const deserializer = serde.deserializer<T>(messageSchema(schemaName));
  return Promise.all(records.map((record) => deserializer.deserialize(record.value)));
}

describe('StreamRuntime', () => {
  it('turns every input into its outputs and commits offsets only up to what it produced', async () => {
    const { catalog, runtime, collector } = await relayPipeline();
    const inputs = Array.from({ length: 40 }, () => sampleIncoming());
    await produceIncoming(catalog, inputs);

    await collector.waitFor((r) => on(catalog.extracted.name)(r).length >= inputs.length, '40 outputs');
    const outputs = await decodeAll<DocumentExtracted>(
      on(catalog.extracted.name)(collector.records),
      'DocumentExtracted',
    );
    expect(new Set(outputs.map((o) => o.documentId))).toEqual(new Set(inputs.map((i) => i.documentId)));
    // Keyed by documentId all the way through, so a document keeps its partition on every topic.
    for (const record of on(catalog.extracted.name)(collector.records)) {
      expect(outputs.some((o) => o.documentId === record.key)).toBe(true);
    }

    const admin = testKafka(endpoints).admin();
    await admin.connect();
    const ends = await admin.fetchTopicOffsets(catalog.incoming.name);
    const committedOffsets = async () => {
      const [topic] = await admin.fetchOffsets({ groupId: runtime.groupId, topics: [catalog.incoming.name] });
      return new Map(topic?.partitions.map((p) => [p.partition, p.offset]));
    };
    // Every partition ends up committed exactly at its end: all consumed, nothing committed beyond.
    await waitUntil(
      async () => {
        const committed = await committedOffsets();
        return ends.every((end) => end.high === '0' || committed.get(end.partition) === end.high);
      },
      { timeoutMs: 10_000, description: 'offsets committed up to the end of every partition' },
    );
    await admin.disconnect();
    expect(on(catalog.dlq.name)(collector.records)).toEqual([]);
    // Lag as the runtime reports it for metrics: nothing left behind.
    expect(runtime.lag().length).toBeGreaterThan(0);
    expect(runtime.lag().every((partition) => partition.lag === 0)).toBe(true);
  });

  it('lets a stage prepare records in bulk (prefetch) before processing each, and shrugs off a failing prefetch', async () => {
    for (const failing of [false, true]) {
      const prefetched = new Set<string>();
      const batchSizes: number[] = [];
      const unprepared: string[] = [];
      const { catalog, collector } = await relayPipeline({ flushEvery: 25 }, 1, (stage) => ({
        ...stage,
        async prefetch(records) {
          batchSizes.push(records.length);
          if (failing) throw new Error('inference server down');
          for (const r of records) prefetched.add(r.offset);
        },
        async process(record, context) {
          if (!prefetched.has(record.offset)) unprepared.push(record.offset);
          return stage.process(record, context);
        },
      }));
      const inputs = Array.from({ length: 60 }, () => sampleIncoming());
      await produceIncoming(catalog, inputs);
      await collector.waitFor((r) => on(catalog.extracted.name)(r).length >= 60, '60 outputs');
      expect(batchSizes.every((n) => n >= 1 && n <= 25)).toBe(true);
      expect(batchSizes.reduce((a, b) => a + b, 0)).toBe(60);
      expect(Math.max(...batchSizes)).toBeGreaterThan(1);
      expect(unprepared).toHaveLength(failing ? 60 : 0);
    }
  });

  it('processes several records of a partition at once when the stage allows, producing in offset order', async () => {
    let running = 0;
    let peak = 0;
    const { catalog, collector } = await relayPipeline({}, 1, (stage) => ({
      ...stage,
      concurrency: 4,
      async process(record, context) {
        running += 1;
        peak = Math.max(peak, running);
        try {
          // Later records finish first: order must come from the runtime, not from the timing.
          await new Promise((resolve) => setTimeout(resolve, 200 - (Number(record.offset) % 4) * 50));
          return await stage.process(record, context);
        } finally {
          running -= 1;
        }
      },
    }));
    const inputs = Array.from({ length: 20 }, () => sampleIncoming());
    await produceIncoming(catalog, inputs);
    await collector.waitFor((r) => on(catalog.extracted.name)(r).length >= 20, '20 outputs');
    const outputs = on(catalog.extracted.name)(collector.records);
    expect(outputs.map((r) => r.key)).toEqual(inputs.map((i) => i.documentId));
    expect(peak).toBe(4);
  });

  it('hands a bulk output what a run of records sent it, one partition in offset order, before committing', async () => {
    const writes: Array<Array<{ partition: number; offset: string; value: unknown }>> = [];
    let failOnce = true;
    const { catalog, collector } = await relayPipeline({ flushEvery: 25 }, 2, (stage) => ({
      ...stage,
      bulkOutputs: {
        seen: {
          async write(items) {
            // A transient failure is retried, not lost.
            if (failOnce) {
              failOnce = false;
              throw new RetriableError('object store away');
            }
            writes.push(items.map(({ partition, offset, value }) => ({ partition, offset, value })));
          },
        },
      },
      async process(record, context) {
        return [
          ...(await stage.process(record, context)),
          { to: 'seen', key: record.value.documentId, value: record.value.documentId },
        ];
      },
    }));
    const inputs = Array.from({ length: 60 }, () => sampleIncoming());
    await produceIncoming(catalog, inputs);
    await collector.waitFor((r) => on(catalog.extracted.name)(r).length >= 60, '60 outputs');
    const items = writes.flat();
    expect(new Set(items.map((item) => item.value))).toEqual(new Set(inputs.map((i) => i.documentId)));
    expect(writes.length).toBeLessThan(items.length);
    for (const write of writes) {
      expect(new Set(write.map((item) => item.partition)).size).toBe(1);
      const offsets = write.map((item) => BigInt(item.offset));
      expect(offsets).toEqual([...offsets].sort((x, y) => (x < y ? -1 : 1)));
      expect(write.length).toBeLessThanOrEqual(25);
    }
  });

  it('produces outputs larger together than the broker takes in one request, in several', async () => {
    // 300 kB of text each, one partition, one flush: 1.5 MB, over Kafka's 1 MiB batch limit.
    const { catalog, collector } = await relayPipeline({ flushEvery: 25 }, 1, (stage) => ({
      ...stage,
      async process(record, context) {
        return (await stage.process(record, context)).map((output) => ({
          ...output,
          value: { ...(output.value as DocumentExtracted), text: 'x'.repeat(300_000) },
        }));
      },
    }));
    const inputs = Array.from({ length: 5 }, () => sampleIncoming());
    await produceIncoming(catalog, inputs);
    await collector.waitFor((r) => on(catalog.extracted.name)(r).length >= 5, '5 large outputs');
    const outputs = await decodeAll<DocumentExtracted>(
      on(catalog.extracted.name)(collector.records),
      'DocumentExtracted',
    );
    expect(outputs.map((o) => o.documentId)).toEqual(inputs.map((i) => i.documentId));
    expect(outputs.every((o) => o.text.length === 300_000)).toBe(true);
    expect(on(catalog.dlq.name)(collector.records)).toHaveLength(0);
  });

  it('pauses fetching while too many records are in flight, and resumes', async () => {
    const { catalog, collector, events } = await relayPipeline({ maxInFlight: 4 }, 3);
    const inputs = Array.from({ length: 60 }, () => sampleIncoming());
    await produceIncoming(catalog, inputs);

    // Resuming happens after the batch's commit, so it may trail the last output: wait for both.
    await collector.waitFor(
      (r) => on(catalog.extracted.name)(r).length >= inputs.length && events.resumed > 0,
      'all 60 outputs, and fetching resumed',
    );
    expect(events.paused).toBeGreaterThan(0);
    expect(events.resumed).toBeGreaterThan(0);
  });

  it('keeps a partition whose slow batch still runs paused when backpressure lifts: no later batch commits past it', async () => {
    // Three partitions: B's batch is held until the test lets it go; A's first record is held too (only the
    // first time it is processed); C is a probe whose records show when the fetch loop has moved on.
    const [pA, pB, pC] = [0, 1, 2];
    const running = new Map<string, number>(); // `partition:offset` → process() calls in progress
    const starts = new Map<string, number>(); // documentId → process() calls
    const commits: Array<{ partition: number; offset: bigint }> = [];
    const committedPastUnfinished: string[] = [];
    const releaseB = Promise.withResolvers<void>();
    const releaseA = Promise.withResolvers<void>();
    const { catalog, collector, events } = await relayPipeline(
      { maxInFlight: 4 },
      3,
      (stage) => ({
        ...stage,
        async process(record, context) {
          const at = `${record.partition}:${record.offset}`;
          const calls = (starts.get(record.value.documentId) ?? 0) + 1;
          starts.set(record.value.documentId, calls);
          running.set(at, (running.get(at) ?? 0) + 1);
          try {
            if (record.value.attributes.hold === 'b') await releaseB.promise;
            if (record.value.attributes.hold === 'a' && calls === 1) await releaseA.promise;
            return await stage.process(record, context);
          } finally {
            running.set(at, (running.get(at) ?? 1) - 1);
          }
        },
      }),
      {
        committed: ({ partition, offset }) => {
          commits.push({ partition, offset: BigInt(offset) });
          for (const [at, calls] of running) {
            const [p, o] = at.split(':').map(BigInt) as [bigint, bigint];
            if (calls > 0 && Number(p) === partition && o < BigInt(offset)) {
              committedPastUnfinished.push(`partition ${partition}: committed ${offset} while ${o} runs`);
            }
          }
        },
      },
    );
    const committedTo = (partition: number, offset: bigint) =>
      commits.some((c) => c.partition === partition && c.offset >= offset);
    const timesStarted = (record: DocumentIncoming) => starts.get(record.documentId) ?? 0;
    const wait = (condition: () => boolean, description: string) =>
      waitUntil(condition, { timeoutMs: 30_000, intervalMs: 20, description });
    const a = [sampleIncoming({ attributes: { hold: 'a' } }), sampleIncoming()];
    const b = [sampleIncoming({ attributes: { hold: 'b' } }), sampleIncoming(), sampleIncoming()];
    const [c, d] = [sampleIncoming(), sampleIncoming()];

    await produceIncoming(catalog, b, pB);
    await wait(() => timesStarted(b[0] as DocumentIncoming) === 1, 'B held');
    // B's batch runs on in the background after detachBatchAfterMs, so A's records are fetched: 3 + 2 in
    // flight, over maxInFlight — A is paused for backpressure, and held.
    await produceIncoming(catalog, a, pA);
    await wait(() => timesStarted(a[0] as DocumentIncoming) === 1, 'A held');
    // kafkajs fetches again only once every batch of its last fetch is handled: C's record done means A's
    // batch went on in the background too.
    await produceIncoming(catalog, [c], pC);
    await wait(() => committedTo(pC, 1n), 'C done');
    // B ends: 2 records in flight, half of maxInFlight, so the backpressure lifts — while A's batch still runs.
    releaseB.resolve();
    await wait(() => committedTo(pB, 3n), 'B done');
    // The next fetch after the lift: had A been resumed, A's records would come with this one.
    await produceIncoming(catalog, [d], pC);
    await wait(() => committedTo(pC, 2n), 'D done');
    if (timesStarted(a[0] as DocumentIncoming) > 1) await wait(() => committedTo(pA, 1n), 'A committed');
    releaseA.resolve();

    await wait(() => committedTo(pA, 2n), 'A done');
    await collector.waitFor(
      (r) => new Set(on(catalog.extracted.name)(r).map((o) => o.key)).size === 7,
      'an output for each of the 7 records',
    );
    expect(committedPastUnfinished).toEqual([]);
    // No rebalance, no failure: at-least-once allows no second processing here.
    expect(events.rebalances).toBe(1);
    expect([...a, ...b, c, d].map(timesStarted)).toEqual([1, 1, 1, 1, 1, 1, 1]);
    for (const partition of [pA, pB, pC]) {
      const offsets = commits.filter((x) => x.partition === partition).map((x) => x.offset);
      expect(offsets).toEqual([...offsets].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)));
    }
    expect(on(catalog.dlq.name)(collector.records)).toEqual([]);
  });

  it('retries a transient failure with backoff until it succeeds', async () => {
    const { catalog, collector, events } = await relayPipeline();
    const flaky = sampleIncoming({ attributes: { behaviour: 'retry-twice' } });
    await produceIncoming(catalog, [flaky]);

    await collector.waitFor((r) => on(catalog.extracted.name)(r).length === 1, 'the output');
    expect(on(catalog.extracted.name)(collector.records)[0]?.key).toBe(flaky.documentId);
    expect(events.retried).toBe(2);
    expect(on(catalog.dlq.name)(collector.records)).toEqual([]);
  });

  it('sends a permanent failure to the DLQ with its reason and original bytes, and goes on with the next', async () => {
    // One partition: the good record sits right behind the bad one.
    const { catalog, collector } = await relayPipeline({}, 1);
    const bad = sampleIncoming({ attributes: { behaviour: 'permanent' } });
    const good = sampleIncoming();
    const [badBytes] = await produceIncoming(catalog, [bad, good]);

    await collector.waitFor(
      (r) => on(catalog.dlq.name)(r).length === 1 && on(catalog.extracted.name)(r).length === 1,
      'one DLQ record and one output',
    );
    expect(on(catalog.extracted.name)(collector.records)[0]?.key).toBe(good.documentId);
    const [dlqRecord] = on(catalog.dlq.name)(collector.records);
    const [failed] = await decodeAll<DocumentFailed>(dlqRecord ? [dlqRecord] : [], 'DocumentFailed');
    expect(failed).toMatchObject({
      documentId: bad.documentId,
      stage: 'relay',
      reason: 'ENCRYPTED',
      attempts: 1,
      errorClass: 'PermanentError',
      original: { topic: catalog.incoming.name },
    });
    expect(failed?.original.value?.equals(badBytes as Buffer)).toBe(true);
    expect(failed?.original.key?.toString()).toBe(bad.documentId);
    expect(dlqRecord?.key).toBe(bad.documentId);
    expect(dlqRecord?.headers['__connect.errors.topic']?.toString()).toBe(catalog.incoming.name);
    expect(dlqRecord?.headers['__connect.errors.exception.class.name']?.toString()).toBe('PermanentError');
    expect(dlqRecord?.headers['__connect.errors.exception.message']?.toString()).toContain(
      'password-protected',
    );
    expect(dlqRecord?.headers['__connect.errors.offset']?.toString()).toBe(String(failed?.original.offset));
  });

  it('dead-letters garbage, unknown schema ids and records of the wrong schema as SCHEMA_INVALID', async () => {
    const { catalog, collector, events } = await relayPipeline();
    const wrongSchema = await serde.serializer(
      catalog.classified.subject,
      messageSchema('DocumentClassified'),
    );
    const poison = [
      Buffer.from('definitely not avro'),
      Buffer.from([0, 0x7f, 0xff, 0xff, 0xf0, 1, 2, 3]),
      wrongSchema.serialize(sampleClassified()),
    ];
    await produceRaw(
      catalog.incoming.name,
      poison.map((value, i) => ({ key: `poison-${i}`, value })),
    );
    await produceIncoming(catalog, [sampleIncoming()]);

    await collector.waitFor(
      (r) => on(catalog.dlq.name)(r).length === 3 && on(catalog.extracted.name)(r).length === 1,
      'three DLQ records and the good output',
    );
    const failed = await decodeAll<DocumentFailed>(on(catalog.dlq.name)(collector.records), 'DocumentFailed');
    expect(failed.map((f) => f.reason)).toEqual(['SCHEMA_INVALID', 'SCHEMA_INVALID', 'SCHEMA_INVALID']);
    expect(failed.every((f) => f.attempts === 1)).toBe(true);
    const byKey = new Map(failed.map((f) => [f.original.key?.toString(), f]));
    poison.forEach((bytes, i) => {
      expect(byKey.get(`poison-${i}`)?.original.value?.equals(bytes)).toBe(true);
    });
    expect(events.deadLettered).toEqual(['SCHEMA_INVALID', 'SCHEMA_INVALID', 'SCHEMA_INVALID']);
  });

  it('keeps its partition through a record that takes longer than the session timeout', async () => {
    // The kafkajs pitfall: without heartbeats during the record, the broker evicts the consumer, the
    // partition is reassigned and the same record is processed again, in a loop.
    const { catalog, collector, events } = await relayPipeline(
      { sessionTimeoutMs: 6_000, heartbeatIntervalMs: 1_000, recordTimeoutMs: 20_000 },
      1,
    );
    const slow = sampleIncoming({ attributes: { behaviour: 'slow:9000' } });
    await produceIncoming(catalog, [slow, sampleIncoming()]);

    await collector.waitFor((r) => on(catalog.extracted.name)(r).length === 2, 'both outputs', 30_000);
    expect(on(catalog.extracted.name)(collector.records)[0]?.key).toBe(slow.documentId);
    expect(events.rebalances).toBe(1);
    expect(on(catalog.dlq.name)(collector.records)).toEqual([]);
  });

  it('abandons a record that hangs past its deadline as TIMEOUT, after bounded attempts', async () => {
    const { catalog, collector } = await relayPipeline({ recordTimeoutMs: 500, maxTimeoutAttempts: 2 });
    const hanging = sampleIncoming({ attributes: { behaviour: 'hang' } });
    const others = Array.from({ length: 5 }, () => sampleIncoming());
    await produceIncoming(catalog, [hanging, ...others]);

    await collector.waitFor(
      (r) => on(catalog.dlq.name)(r).length === 1 && on(catalog.extracted.name)(r).length === others.length,
      'the TIMEOUT record and the other outputs',
    );
    const [failed] = await decodeAll<DocumentFailed>(
      on(catalog.dlq.name)(collector.records),
      'DocumentFailed',
    );
    expect(failed).toMatchObject({ documentId: hanging.documentId, reason: 'TIMEOUT', attempts: 2 });
  });
});
