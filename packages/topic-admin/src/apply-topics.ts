import { SchemaIncompatibleError, type SchemaRegistryClient } from '@docsort/avro-serde';
import { messageSchema, type TopicCatalog, type TopicSpec, topicRoles } from '@docsort/contracts';
import type { Admin } from 'kafkajs';

export interface TopicReport {
  readonly topic: string;
  readonly action: 'created' | 'exists';
  readonly partitions: number;
  /** Set when an existing topic has fewer partitions than configured: never changed here (keys would move). */
  readonly warning?: string;
}

export interface SubjectReport {
  readonly subject: string;
  readonly schema: string;
  readonly schemaId: number;
}

export interface ApplyReport {
  readonly topics: readonly TopicReport[];
  readonly subjects: readonly SubjectReport[];
}

function topicConfig(spec: TopicSpec) {
  return [
    { name: 'retention.ms', value: String(spec.retentionMs) },
    { name: 'cleanup.policy', value: 'delete' },
    // With replication, a write is acknowledged only when another replica has it too.
    { name: 'min.insync.replicas', value: String(Math.min(2, spec.replicationFactor)) },
  ];
}

/**
 * Makes the cluster match the catalog: creates missing topics, then for each topic's subject sets BACKWARD
 * compatibility and registers the value schema (the registry refuses an incompatible one). Idempotent.
 */
export async function applyTopics(
  admin: Admin,
  registry: SchemaRegistryClient,
  catalog: TopicCatalog,
  /** Topics without an Avro schema (bucket notifications are JSON), created like the others. */
  rawTopics: readonly string[] = [],
): Promise<ApplyReport> {
  const specs = topicRoles.map((role) => catalog[role]);
  const existing = new Set(await admin.listTopics());
  const missingRaw = rawTopics.filter((topic) => !existing.has(topic));
  if (missingRaw.length) {
    await admin.createTopics({
      waitForLeaders: true,
      topics: missingRaw.map((topic) => ({
        topic,
        numPartitions: catalog.incoming.partitions,
        replicationFactor: catalog.incoming.replicationFactor,
        configEntries: topicConfig(catalog.incoming),
      })),
    });
  }
  const missing = specs.filter((spec) => !existing.has(spec.name));
  if (missing.length) {
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((spec) => ({
        topic: spec.name,
        numPartitions: spec.partitions,
        replicationFactor: spec.replicationFactor,
        configEntries: topicConfig(spec),
      })),
    });
  }
  const metadata = await admin.fetchTopicMetadata({ topics: specs.map((spec) => spec.name) });
  const partitionsOf = new Map(metadata.topics.map((t) => [t.name, t.partitions.length]));
  const rawReports = rawTopics.map(
    (topic): TopicReport => ({
      topic,
      action: missingRaw.includes(topic) ? 'created' : 'exists',
      partitions: catalog.incoming.partitions,
    }),
  );
  const topics = specs.map((spec): TopicReport => {
    const partitions = partitionsOf.get(spec.name) ?? 0;
    const created = missing.includes(spec);
    return {
      topic: spec.name,
      action: created ? 'created' : 'exists',
      partitions,
      ...(partitions < spec.partitions
        ? {
            warning: `has ${partitions} partitions, ${spec.partitions} configured; add them by hand if wanted`,
          }
        : {}),
    };
  });

  const subjects: SubjectReport[] = [];
  for (const spec of specs) {
    const schema = JSON.stringify(messageSchema(spec.valueSchema));
    await registry.setCompatibility(spec.subject, 'BACKWARD');
    const check = await registry.checkCompatibility(spec.subject, schema);
    if (!check.compatible) throw new SchemaIncompatibleError(spec.subject, check.messages);
    subjects.push({
      subject: spec.subject,
      schema: spec.valueSchema,
      schemaId: await registry.register(spec.subject, schema),
    });
  }
  return { topics: [...topics, ...rawReports], subjects };
}
