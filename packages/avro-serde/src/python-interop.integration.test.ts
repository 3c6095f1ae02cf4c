import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type DocumentClassified, type DocumentIncoming, messageSchema } from '@docsort/contracts';
import {
  collectTopics,
  createTestCatalog,
  ensurePythonEnvironment,
  sampleClassified,
  sampleIncoming,
  testKafka,
  testStackEndpoints,
  uniqueName,
} from '@docsort/test-harness';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfluentAvroSerde } from './confluent-avro-serde.ts';
import { SchemaRegistryClient } from './schema-registry-client.ts';

const run = promisify(execFile);
const interopDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'interop');
const endpoints = testStackEndpoints();
const registry = new SchemaRegistryClient({ url: endpoints.schemaRegistry.url });
const serde = new ConfluentAvroSerde(registry);
let python: string;

/** Confluent's Python client (librdkafka + its Avro serde), as a user's Python service would use it. */
async function pythonClient(...args: string[]): Promise<string> {
  const { stdout, stderr } = await run(
    python,
    [
      join(interopDir, 'confluent_avro_client.py'),
      ...args,
      '--brokers',
      endpoints.kafka.brokers.join(','),
      '--registry',
      endpoints.schemaRegistry.url,
    ],
    { timeout: 120_000 },
  ).catch((error: Error & { stderr?: string }) => {
    // The client's own output says why it failed; execFile's message alone does not.
    throw new Error(`${error.message}\n${error.stderr ?? ''}`);
  });
  if (stderr.trim()) console.error(stderr);
  return stdout;
}

/** A topic of the catalog, created, with its value schema registered under `<topic>-value`. */
async function topicWithSchema(schemaName: 'DocumentIncoming' | 'DocumentClassified') {
  const catalog = createTestCatalog(endpoints);
  const spec = schemaName === 'DocumentIncoming' ? catalog.incoming : catalog.classified;
  const admin = testKafka(endpoints).admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic: spec.name, numPartitions: 1 }] });
  await admin.disconnect();
  await registry.register(spec.subject, JSON.stringify(messageSchema(schemaName)));
  return spec;
}

describe('interoperability with Confluent’s Python client', () => {
  beforeAll(async () => {
    python = await ensurePythonEnvironment(join(interopDir, 'requirements.txt'));
  }, 300_000);

  it('decodes a DocumentIncoming that Python produced with its Avro serializer', async () => {
    const spec = await topicWithSchema('DocumentIncoming');
    const collector = await collectTopics(endpoints, [spec.name]);
    const sent = sampleIncoming({ origin: 'DIRECT', attributes: { producer: 'python' } });

    await pythonClient('produce', '--topic', spec.name, '--value-json', JSON.stringify(sent));

    await collector.waitFor((records) => records.length === 1, 'the Python record');
    const [record] = collector.records;
    expect(record?.key).toBe(sent.documentId);
    const decoded = await serde
      .deserializer<DocumentIncoming>(messageSchema('DocumentIncoming'))
      .deserialize(record?.value ?? null);
    expect(decoded).toEqual(sent);
  });

  it('lets Python decode a DocumentClassified that TypeScript produced', async () => {
    const spec = await topicWithSchema('DocumentClassified');
    const sent: DocumentClassified = sampleClassified({ needsReview: true, tenant: null });
    const serializer = await serde.serializer<DocumentClassified>(
      spec.subject,
      messageSchema('DocumentClassified'),
    );
    const producer = testKafka(endpoints).producer();
    await producer.connect();
    await producer.send({
      topic: spec.name,
      messages: [{ key: sent.documentId, value: serializer.serialize(sent) }],
    });
    await producer.disconnect();

    const stdout = await pythonClient(
      'consume',
      '--topic',
      spec.name,
      '--count',
      '1',
      '--group',
      uniqueName('py'),
    );
    expect(JSON.parse(stdout.trim())).toEqual(sent);
  });
});
