import { type TopicCatalog, topicCatalog, topicRoles } from '@docsort/contracts';
import type { StackEndpoints } from '@docsort/local-stack';
import { onTestFinished } from 'vitest';
import { testKafka } from './kafka-fixtures.ts';
import { uniqueName } from './unique-name.ts';

/** Deletes a schema subject for good: soft delete, then hard delete, as the registry API requires. */
async function deleteSubject(registryUrl: string, subject: string): Promise<void> {
  for (const query of ['', '?permanent=true']) {
    const response = await fetch(`${registryUrl}/subjects/${encodeURIComponent(subject)}${query}`, {
      method: 'DELETE',
    });
    if (!response.ok && response.status !== 404) {
      throw new Error(`deleting subject ${subject}: ${response.status} ${await response.text()}`);
    }
  }
}

/**
 * A topic catalog of its own for the current test (`<unique prefix>.incoming`, …). Whatever the test
 * creates from it — topics, schema subjects — is deleted when the test finishes.
 */
export function createTestCatalog(endpoints: StackEndpoints, partitions = 3): TopicCatalog {
  const prefix = uniqueName('t');
  const catalog = topicCatalog({ prefix, modelPrefix: `${prefix}.models`, partitions });
  onTestFinished(() => deleteCatalog(endpoints, catalog));
  return catalog;
}

/** Deletes a catalog's topics (those that exist) and schema subjects: for tests and benchmarks alike. */
export async function deleteCatalog(endpoints: StackEndpoints, catalog: TopicCatalog): Promise<void> {
  const names = topicRoles.map((role) => catalog[role].name);
  const admin = testKafka(endpoints).admin();
  await admin.connect();
  const existing = new Set(await admin.listTopics());
  await admin.deleteTopics({ topics: names.filter((name) => existing.has(name)) });
  await admin.disconnect();
  for (const role of topicRoles) await deleteSubject(endpoints.schemaRegistry.url, catalog[role].subject);
}
