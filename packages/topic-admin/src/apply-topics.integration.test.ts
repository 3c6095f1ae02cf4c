import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfluentAvroSerde, SchemaIncompatibleError, SchemaRegistryClient } from '@docsort/avro-serde';
import { messageSchema, readSchemaFiles, topicCatalog, topicRoles } from '@docsort/contracts';
import {
  createTestCatalog,
  createTestDirectory,
  sampleMessage,
  testKafka,
  testStackEndpoints,
} from '@docsort/test-harness';
import { describe, expect, it } from 'vitest';
import { applyTopics } from './apply-topics.ts';

const endpoints = testStackEndpoints();

async function applied() {
  const catalog = createTestCatalog(endpoints);
  const admin = testKafka(endpoints).admin();
  await admin.connect();
  try {
    return {
      catalog,
      report: await applyTopics(
        admin,
        new SchemaRegistryClient({ url: endpoints.schemaRegistry.url }),
        catalog,
      ),
      admin,
    };
  } finally {
    await admin.disconnect();
  }
}

describe('applyTopics', () => {
  it('creates every topic of the catalog and registers each value schema under <topic>-value; again, it changes nothing', async () => {
    const catalog = createTestCatalog(endpoints);
    const admin = testKafka(endpoints).admin();
    await admin.connect();
    const registry = new SchemaRegistryClient({ url: endpoints.schemaRegistry.url });

    const first = await applyTopics(admin, registry, catalog);
    expect(first.topics.map((t) => [t.topic, t.action, t.partitions])).toEqual(
      topicRoles.map((role) => [catalog[role].name, 'created', role === 'modelPublished' ? 1 : 3]),
    );
    expect(first.subjects.map((s) => s.subject)).toEqual(
      topicRoles.map((role) => `${catalog[role].name}-value`),
    );
    const dlqConfig = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: 2, name: catalog.dlq.name, configNames: ['retention.ms'] }],
    });
    expect(dlqConfig.resources[0]?.configEntries[0]?.configValue).toBe(String(catalog.dlq.retentionMs));

    const second = await applyTopics(admin, registry, catalog);
    expect(second.topics.every((t) => t.action === 'exists' && !t.warning)).toBe(true);
    expect(second.subjects.map((s) => s.schemaId)).toEqual(first.subjects.map((s) => s.schemaId));
    await admin.disconnect();
  });

  it('gives existing topics a changed retention, and compacts the erasure records', async () => {
    const catalog = createTestCatalog(endpoints);
    const admin = testKafka(endpoints).admin();
    await admin.connect();
    const registry = new SchemaRegistryClient({ url: endpoints.schemaRegistry.url });
    const configOf = async (topic: string) => {
      const described = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [{ type: 2, name: topic, configNames: ['retention.ms', 'cleanup.policy'] }],
      });
      return Object.fromEntries(
        (described.resources[0]?.configEntries ?? []).map((entry) => [entry.configName, entry.configValue]),
      );
    };
    await applyTopics(admin, registry, catalog);
    expect(await configOf(catalog.deleted.name)).toMatchObject({ 'cleanup.policy': 'compact' });

    // The same topics, with the retention an operator set later (DOCSORT_TOPIC_RETENTION_MS).
    const shorter = topicCatalog({
      prefix: catalog.incoming.name.replace(/\.incoming$/, ''),
      modelPrefix: catalog.modelPublished.name.replace(/\.published$/, ''),
      partitions: 3,
      retentionMs: 3_600_000,
    });
    const report = await applyTopics(admin, registry, shorter);
    expect(report.topics.find((t) => t.topic === shorter.incoming.name)?.action).toBe('reconfigured');
    expect(report.topics.find((t) => t.topic === shorter.dlq.name)?.action).toBe('exists');
    expect(await configOf(shorter.incoming.name)).toEqual({
      'retention.ms': '3600000',
      'cleanup.policy': 'delete',
    });
    expect(await configOf(shorter.deleted.name)).toMatchObject({ 'cleanup.policy': 'compact' });
    await admin.disconnect();
  });

  it('round-trips every schema through the registry in the Confluent wire format', async () => {
    const { catalog } = await applied();
    const serde = new ConfluentAvroSerde(new SchemaRegistryClient({ url: endpoints.schemaRegistry.url }));
    for (const role of topicRoles) {
      const { subject, valueSchema } = catalog[role];
      const schema = messageSchema(valueSchema);
      const serializer = await serde.serializer(subject, schema);
      const message = sampleMessage[valueSchema]();
      const bytes = serializer.serialize(message);
      expect(bytes[0]).toBe(0);
      expect(bytes.readUInt32BE(1)).toBe(serializer.schemaId);
      expect(await serde.deserializer(schema).deserialize(bytes)).toEqual(message);
    }
  });

  it('lets a compatible edit through and stops an incompatible one (edited in a temp copy of schemas/)', async () => {
    const { catalog, report } = await applied();
    const registry = new SchemaRegistryClient({ url: endpoints.schemaRegistry.url });
    const subject = catalog.incoming.subject;
    const original = messageSchema('DocumentIncoming');
    const edited = (field: Record<string, unknown>) => {
      const dir = createTestDirectory('schemas');
      const schema = { ...original, fields: [...(original.fields ?? []), field] };
      writeFileSync(join(dir, 'document-incoming.avsc'), JSON.stringify(schema, null, 2));
      return JSON.stringify(readSchemaFiles(dir)[0]?.schema);
    };

    // A new field without a default: readers on the new schema could not read existing records.
    const incompatible = edited({ name: 'priority', type: 'int' });
    expect((await registry.checkCompatibility(subject, incompatible)).compatible).toBe(false);
    await expect(registry.register(subject, incompatible)).rejects.toBeInstanceOf(SchemaIncompatibleError);

    const compatible = edited({ name: 'priority', type: 'int', default: 0 });
    expect((await registry.checkCompatibility(subject, compatible)).compatible).toBe(true);
    const newId = await registry.register(subject, compatible);
    expect(newId).not.toBe(report.subjects.find((s) => s.subject === subject)?.schemaId);

    // Records written with the old version still read with the new one (the default fills the gap).
    const serde = new ConfluentAvroSerde(registry);
    const old = await serde.serializer(subject, original);
    const message = sampleMessage.DocumentIncoming();
    const read = await serde
      .deserializer<Record<string, unknown>>(JSON.parse(compatible))
      .deserialize(old.serialize(message));
    expect(read).toEqual({ ...(message as object), priority: 0 });
  });
});
