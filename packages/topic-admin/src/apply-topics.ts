import { SchemaIncompatibleError, type SchemaRegistryClient } from '@docsort/avro-serde';
import { messageSchema, type TopicCatalog, type TopicSpec, topicRoles } from '@docsort/contracts';
import type { Admin } from 'kafkajs';

export interface TopicReport {
  readonly topic: string;
  /** `reconfigured`: it existed with other settings (retention, cleanup policy), now changed to the catalog's. */
  readonly action: 'created' | 'exists' | 'reconfigured';
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

// kafkajs's ConfigResourceTypes.TOPIC: Node's ES module loader does not see that export of kafkajs.
const topicResource = 2;

function topicConfig(spec: TopicSpec) {
  return [
    { name: 'retention.ms', value: String(spec.retentionMs) },
    { name: 'cleanup.policy', value: spec.cleanupPolicy },
    // With replication, a write is acknowledged only when another replica has it too.
    { name: 'min.insync.replicas', value: String(Math.min(2, spec.replicationFactor)) },
  ];
}

/**
 * Gives existing topics the catalog's settings when theirs differ (a retention changed since they were
 * created); the topics changed. Retention is a promise to the people whose documents pass through: it must
 * hold for topics created before it was set, not only for new ones.
 */
async function reconfigure(
  admin: Admin,
  wanted: ReadonlyMap<string, ReturnType<typeof topicConfig>>,
): Promise<Set<string>> {
  if (!wanted.size) return new Set();
  const described = await admin.describeConfigs({
    includeSynonyms: false,
    resources: [...wanted.keys()].map((name) => ({ type: topicResource, name })),
  });
  const changed = described.resources
    .filter((resource) => {
      const current = new Map(resource.configEntries.map((entry) => [entry.configName, entry.configValue]));
      return wanted.get(resource.resourceName)?.some((entry) => current.get(entry.name) !== entry.value);
    })
    .map((resource) => resource.resourceName);
  if (changed.length) {
    // AlterConfigs replaces a topic's dynamic settings as a whole: send every setting docsort manages.
    await admin.alterConfigs({
      validateOnly: false,
      resources: changed.map((name) => ({
        type: topicResource,
        name,
        configEntries: wanted.get(name) ?? [],
      })),
    });
  }
  return new Set(changed);
}

/**
 * Makes the cluster match the catalog: creates missing topics, sets the retention and cleanup policy of
 * existing ones that differ, then for each topic's subject sets BACKWARD
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
  const reconfigured = await reconfigure(
    admin,
    new Map([
      ...rawTopics
        .filter((topic) => existing.has(topic))
        .map((topic) => [topic, topicConfig(catalog.incoming)] as const),
      ...specs
        .filter((spec) => existing.has(spec.name))
        .map((spec) => [spec.name, topicConfig(spec)] as const),
    ]),
  );
  const actionOf = (topic: string, created: boolean): TopicReport['action'] =>
    created ? 'created' : reconfigured.has(topic) ? 'reconfigured' : 'exists';
  const metadata = await admin.fetchTopicMetadata({ topics: specs.map((spec) => spec.name) });
  const partitionsOf = new Map(metadata.topics.map((t) => [t.name, t.partitions.length]));
  const rawReports = rawTopics.map(
    (topic): TopicReport => ({
      topic,
      action: actionOf(topic, missingRaw.includes(topic)),
      partitions: catalog.incoming.partitions,
    }),
  );
  const topics = specs.map((spec): TopicReport => {
    const partitions = partitionsOf.get(spec.name) ?? 0;
    const created = missing.includes(spec);
    return {
      topic: spec.name,
      action: actionOf(spec.name, created),
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
