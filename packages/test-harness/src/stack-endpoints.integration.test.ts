import { randomBytes, randomUUID } from 'node:crypto';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { Kafka, logLevel } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { createTestTopics, testKafka } from './kafka-fixtures.ts';
import { createTestBucket, testS3Client } from './s3-fixtures.ts';
import { testStackEndpoints } from './stack-endpoints.ts';
import { uniqueName } from './unique-name.ts';

const endpoints = testStackEndpoints();

// A schema local to this test: the project's real contracts arrive with schemas/ and their own tests.
const probeSchema = {
  type: 'record',
  name: 'StackProbe',
  namespace: 'io.docsort.test',
  fields: [
    { name: 'documentId', type: 'string' },
    { name: 'pages', type: 'int' },
    { name: 'submittedAt', type: { type: 'long', logicalType: 'timestamp-millis' } },
  ],
};

describe('the stack that integration tests get', () => {
  it('carries an Avro record in the Confluent wire format through the schema registry and the broker', async () => {
    const [topic = ''] = await createTestTopics(endpoints, ['stack-avro']);
    const registry = new SchemaRegistry({ host: endpoints.schemaRegistry.url });
    const { id: schemaId } = await registry.register(
      { type: SchemaType.AVRO, schema: JSON.stringify(probeSchema) },
      { subject: `${topic}-value` },
    );

    const record = { documentId: randomUUID(), pages: 3, submittedAt: Date.now() };
    const value = await registry.encode(schemaId, record);
    // Confluent wire format: magic byte 0, then the schema id as a 4-byte big-endian integer, then Avro.
    expect(value[0]).toBe(0);
    expect(value.readUInt32BE(1)).toBe(schemaId);

    const kafka = testKafka(endpoints);
    const producer = kafka.producer({ idempotent: true });
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: [{ key: record.documentId, value }] });
    await producer.disconnect();

    const consumer = kafka.consumer({ groupId: uniqueName('stack-avro') });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const received = await new Promise<{ key: string; value: Buffer }>((resolve, reject) => {
      consumer
        .run({
          eachMessage: async ({ message }) => {
            if (message.key && message.value) resolve({ key: message.key.toString(), value: message.value });
          },
        })
        .catch(reject);
    });
    await consumer.disconnect();

    expect(received.key).toBe(record.documentId);
    expect(received.value.readUInt32BE(1)).toBe(schemaId);
    expect(await registry.decode(received.value)).toEqual(record);
    // The id in the bytes resolves, over the registry's own API, to the schema that was registered.
    const byId = await fetch(`${endpoints.schemaRegistry.url}/schemas/ids/${schemaId}`);
    expect(byId.status).toBe(200);
    const { schema } = (await byId.json()) as { schema: string };
    expect(JSON.parse(schema)).toMatchObject({ name: 'StackProbe', namespace: 'io.docsort.test' });
  });

  it('stores and returns an object in MinIO byte for byte', async () => {
    const bucket = await createTestBucket(endpoints, 'stack-s3');
    const s3 = testS3Client(endpoints);
    const body = randomBytes(256 * 1024);
    await s3.putObject(bucket, 'probe/object.bin', body, body.length, {
      'Content-Type': 'application/octet-stream',
    });

    const stream = await s3.getObject(bucket, 'probe/object.bin');
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(body)).toBe(true);
    expect((await s3.statObject(bucket, 'probe/object.bin')).size).toBe(body.length);
  });

  it('authenticates SCRAM clients on the SASL listener and rejects a wrong password', async () => {
    const [topic = ''] = await createTestTopics(endpoints, ['stack-scram']);
    const { username, password } = endpoints.kafka.scram;
    const client = (secret: string) =>
      new Kafka({
        clientId: uniqueName('scram'),
        brokers: [...endpoints.kafka.scramBrokers],
        sasl: { mechanism: 'scram-sha-512', username, password: secret },
        logLevel: logLevel.NOTHING,
        retry: { retries: 0 },
      }).admin();

    const admin = client(password);
    await admin.connect();
    expect(await admin.listTopics()).toContain(topic);
    await admin.disconnect();

    const intruder = client(`${password}-wrong`);
    await expect(intruder.connect()).rejects.toThrow(/SASL SCRAM SHA512 authentication failed/i);
    await intruder.disconnect();
  });
});
