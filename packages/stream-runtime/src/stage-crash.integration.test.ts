import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfluentAvroSerde, SchemaRegistryClient } from '@docsort/avro-serde';
import { type DocumentIncoming, messageSchema } from '@docsort/contracts';
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

const endpoints = testStackEndpoints();
const registry = new SchemaRegistryClient({ url: endpoints.schemaRegistry.url });
const relayMain = join(dirname(fileURLToPath(import.meta.url)), 'testing', 'relay-stage-main.ts');

/** The relay stage as a separate process, as a service runs: the only way to test a real kill. */
function startRelayProcess(env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', relayMain], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return child;
}

/**
 * Kills the stage mid-batch with `signal`, restarts it, and counts: every input must have an output
 * (gaps are data loss); duplicates are allowed by at-least-once, and reported.
 */
async function killMidBatchAndCount(signal: 'SIGTERM' | 'SIGKILL') {
  const catalog = createTestCatalog(endpoints, 3);
  const admin = testKafka(endpoints).admin();
  await admin.connect();
  await applyTopics(admin, registry, catalog);
  await admin.disconnect();

  const inputs = Array.from({ length: 300 }, () => sampleIncoming());
  const serializer = await new ConfluentAvroSerde(registry).serializer<DocumentIncoming>(
    catalog.incoming.subject,
    messageSchema('DocumentIncoming'),
  );
  const producer = testKafka(endpoints).producer();
  await producer.connect();
  await producer.send({
    topic: catalog.incoming.name,
    acks: -1,
    messages: inputs.map((input) => ({ key: input.documentId, value: serializer.serialize(input) })),
  });
  await producer.disconnect();

  const collector = await collectTopics(endpoints, [catalog.extracted.name]);
  const env = {
    RELAY_TOPIC_PREFIX: catalog.incoming.name.replace(/\.incoming$/, ''),
    RELAY_BROKERS: endpoints.kafka.brokers.join(','),
    RELAY_REGISTRY_URL: endpoints.schemaRegistry.url,
    RELAY_GROUP_ID: uniqueName('relay'),
    RELAY_DELAY_MS: '10',
    RELAY_FLUSH_EVERY: '10',
  };

  const first = startRelayProcess(env);
  await collector.waitFor((records) => records.length >= 60, 'the first 60 outputs');
  const killedAfter = collector.records.length;
  first.kill(signal);
  const [code, exitSignal] = (await once(first, 'exit')) as [number | null, NodeJS.Signals | null];
  if (signal === 'SIGTERM') expect(code).toBe(0);
  else expect(exitSignal).toBe('SIGKILL');
  expect(killedAfter).toBeLessThan(inputs.length);

  const second = startRelayProcess(env);
  const wanted = new Set(inputs.map((input) => input.documentId));
  await collector.waitFor(
    (records) => [...wanted].every((id) => records.some((r) => r.key === id)),
    'an output for every input',
    120_000,
  );
  second.kill('SIGTERM');
  await once(second, 'exit');

  const keys = collector.records.map((record) => record.key);
  const missing = [...wanted].filter((id) => !keys.includes(id));
  const duplicates = keys.length - new Set(keys).size;
  console.log(
    `${signal} after ${killedAfter}/${inputs.length} outputs: ${missing.length} missing, ${duplicates} duplicates`,
  );
  return { missing, duplicates };
}

describe('a stage killed mid-batch', () => {
  it('loses nothing after SIGTERM: it drains, commits and exits cleanly', async () => {
    const { missing, duplicates } = await killMidBatchAndCount('SIGTERM');
    expect(missing).toEqual([]);
    // A graceful stop commits everything it produced: nothing is redone.
    expect(duplicates).toBe(0);
  });

  it('loses nothing after SIGKILL: uncommitted work is redone after the restart', async () => {
    const { missing, duplicates } = await killMidBatchAndCount('SIGKILL');
    expect(missing).toEqual([]);
    // At most what was produced but not yet committed: one flush per partition being worked on.
    expect(duplicates).toBeLessThanOrEqual(3 * 10);
  });
});
