import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConfluentAvroSerde, SchemaRegistryClient } from '@docsort/avro-serde';
import { type DocumentFailed, type DocumentIncoming, messageSchema } from '@docsort/contracts';
import { findRepoRoot } from '@docsort/local-stack';
import {
  collectTopics,
  createTestCatalog,
  sampleIncoming,
  testKafka,
  testStackEndpoints,
  uniqueName,
} from '@docsort/test-harness';
import { applyTopics } from '@docsort/topic-admin';
import { describe, expect, it, onTestFinished } from 'vitest';
import { reportScenario } from './outcome-count.ts';

/**
 * The streaming runtime every service runs on, as its own process, with a stage that hangs on the record
 * that asks it to (packages/stream-runtime/src/testing): no production parser can be told to hang on cue,
 * and each already has its own job timeout in front of this one.
 */
const relayMain = join(findRepoRoot(), 'packages', 'stream-runtime', 'src', 'testing', 'relay-stage-main.ts');
const perPartitionPerSecond = 10;
const windowMs = 20_000;

describe('fault 6: a record whose processing outlasts the session timeout', () => {
  it('ends in the DLQ as TIMEOUT after bounded attempts, with at most 2 rebalances, other partitions flowing', async () => {
    const endpoints = testStackEndpoints();
    const registry = new SchemaRegistryClient({ url: endpoints.schemaRegistry.url });
    const catalog = createTestCatalog(endpoints, 3);
    const admin = testKafka(endpoints).admin();
    await admin.connect();
    await applyTopics(admin, registry, catalog);
    await admin.disconnect();
    const serde = new ConfluentAvroSerde(registry);
    const serializer = await serde.serializer<DocumentIncoming>(
      catalog.incoming.subject,
      messageSchema('DocumentIncoming'),
    );
    const collector = await collectTopics(endpoints, [catalog.extracted.name, catalog.dlq.name]);
    const relay = spawn(process.execPath, ['--import', 'tsx', relayMain], {
      env: {
        ...process.env,
        RELAY_TOPIC_PREFIX: catalog.incoming.name.replace(/\.incoming$/, ''),
        RELAY_BROKERS: endpoints.kafka.brokers.join(','),
        RELAY_REGISTRY_URL: endpoints.schemaRegistry.url,
        RELAY_GROUP_ID: uniqueName('hang'),
        RELAY_DELAY_MS: '5',
        RELAY_FLUSH_EVERY: '10',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    onTestFinished(() => {
      if (relay.exitCode === null) relay.kill('SIGKILL');
    });
    let rebalances = 0;
    relay.stdout?.on('data', (chunk: Buffer) => {
      rebalances += chunk.toString().match(/^rebalanced$/gm)?.length ?? 0;
    });

    // Steady load on all three partitions; which partition each document went to, and when.
    const producer = testKafka(endpoints).producer();
    await producer.connect();
    onTestFinished(() => producer.disconnect());
    const sent = new Map<string, { partition: number; at: number }>();
    let producing = true;
    const load = (async () => {
      while (producing) {
        const at = Date.now();
        const messages = [0, 1, 2].map((partition) => {
          const document = sampleIncoming();
          sent.set(document.documentId, { partition, at });
          return { key: document.documentId, value: serializer.serialize(document), partition };
        });
        await producer.send({ topic: catalog.incoming.name, acks: -1, messages });
        await sleep(1000 / perPartitionPerSecond);
      }
    })();
    const outputsFromOtherPartitions = (from: number, to: number) =>
      collector.records.filter((r) => {
        const input = r.key ? sent.get(r.key) : undefined;
        return (
          r.topic === catalog.extracted.name &&
          input &&
          input.partition !== 0 &&
          input.at >= from &&
          input.at < to
        );
      }).length;

    await sleep(8_000);
    const baselineFrom = Date.now() - windowMs / 2;
    const hanging = sampleIncoming({ attributes: { behaviour: 'hang' } });
    await producer.send({
      topic: catalog.incoming.name,
      acks: -1,
      messages: [{ key: hanging.documentId, value: serializer.serialize(hanging), partition: 0 }],
    });
    const hangFrom = Date.now();
    await sleep(windowMs);
    producing = false;
    await load;
    // Everything sent in each window has had time to come out.
    await sleep(5_000);
    const baseline = outputsFromOtherPartitions(baselineFrom, hangFrom) / ((hangFrom - baselineFrom) / 1000);
    const duringHang = outputsFromOtherPartitions(hangFrom, hangFrom + windowMs) / (windowMs / 1000);

    const failed = serde.deserializer<DocumentFailed>(messageSchema('DocumentFailed'));
    await collector.waitFor(
      (records) => records.some((r) => r.topic === catalog.dlq.name && r.key === hanging.documentId),
      'the hanging record in the DLQ',
      120_000,
    );
    const letterRecord = collector.records.find(
      (r) => r.topic === catalog.dlq.name && r.key === hanging.documentId,
    );
    const letter = await failed.deserialize(letterRecord?.value ?? null);
    relay.kill('SIGTERM');
    await once(relay, 'exit');
    reportScenario('6 hanging record', {
      reason: letter.reason,
      attempts: letter.attempts,
      rebalances: rebalances - 1,
      'other partitions docs/s before': baseline.toFixed(1),
      'other partitions docs/s during the hang': duringHang.toFixed(1),
    });
    expect(letter).toMatchObject({ reason: 'TIMEOUT', documentId: hanging.documentId });
    expect(letter.attempts).toBeLessThanOrEqual(3);
    // The first join is not a rebalance; at most 2 more while the record hung.
    expect(rebalances - 1).toBeLessThanOrEqual(2);
    expect(duringHang).toBeGreaterThanOrEqual(0.8 * baseline);
  });
});
