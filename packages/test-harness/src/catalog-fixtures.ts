import { SchemaRegistryClient } from '@docsort/avro-serde';
import { type TopicCatalog, topicCatalog, topicRoles } from '@docsort/contracts';
import type { StackEndpoints } from '@docsort/local-stack';
import { onTestFinished } from 'vitest';
import { testKafka } from './kafka-fixtures.ts';
import { uniqueName } from './unique-name.ts';

export function testRegistry(endpoints: StackEndpoints): SchemaRegistryClient {
  return new SchemaRegistryClient({ url: endpoints.schemaRegistry.url });
}

/**
 * A topic catalog of its own for the current test (`<unique prefix>.incoming`, …). Whatever the test
 * creates from it — topics, schema subjects — is deleted when the test finishes.
 */
export function createTestCatalog(endpoints: StackEndpoints, partitions = 3): TopicCatalog {
  const catalog = topicCatalog({ prefix: uniqueName('t'), partitions });
  onTestFinished(async () => {
    const names = topicRoles.map((role) => catalog[role].name);
    const admin = testKafka(endpoints).admin();
    await admin.connect();
    const existing = new Set(await admin.listTopics());
    await admin.deleteTopics({ topics: names.filter((name) => existing.has(name)) });
    await admin.disconnect();
    const registry = testRegistry(endpoints);
    const subjects = new Set(await registry.subjects());
    for (const role of topicRoles) {
      if (subjects.has(catalog[role].subject)) await registry.deleteSubject(catalog[role].subject);
    }
  });
  return catalog;
}
