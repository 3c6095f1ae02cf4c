import type { SchemaName } from './generated/types.ts';

/**
 * The role of each topic. Document topics are named `<prefix>.<role>`; model announcements are not about
 * documents, so they live apart as `<modelPrefix>.published` (`models.published`). `dlqParked`
 * (`<prefix>.dlq.parked`) takes what the stage reading the DLQ cannot handle: dead-lettered back to the DLQ,
 * such a record would come back to that stage forever.
 */
export const topicRoles = [
  'incoming',
  'extracted',
  'classified',
  'review',
  'dlq',
  'dlqParked',
  'feedback',
  'deleted',
  'modelPublished',
] as const;
export type TopicRole = (typeof topicRoles)[number];

const valueSchemaOf: Record<TopicRole, SchemaName> = {
  incoming: 'DocumentIncoming',
  extracted: 'DocumentExtracted',
  classified: 'DocumentClassified',
  review: 'DocumentClassified',
  dlq: 'DocumentFailed',
  dlqParked: 'DocumentFailed',
  feedback: 'ClassificationFeedback',
  deleted: 'DocumentDeleted',
  modelPublished: 'ModelPublished',
};

export interface TopicSpec {
  readonly role: TopicRole;
  readonly name: string;
  /** Schema registry subject of the record values (TopicNameStrategy). */
  readonly subject: string;
  readonly valueSchema: SchemaName;
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly retentionMs: number;
  /**
   * `compact` keeps the last record of each key for good (retentionMs does not apply): erasure records must
   * outlive every record a replay could bring back.
   */
  readonly cleanupPolicy: 'delete' | 'compact';
}

export interface TopicCatalogOptions {
  /** `documents` in production; tests use a unique prefix so that they never share topics. */
  readonly prefix: string;
  /** `models` in production; prefix of the model announcements topic. */
  readonly modelPrefix: string;
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly retentionMs: number;
  /** Failed records wait for a human: keep them longer. */
  readonly dlqRetentionMs: number;
}

export const defaultTopicCatalogOptions: TopicCatalogOptions = {
  prefix: 'documents',
  modelPrefix: 'models',
  partitions: 6,
  replicationFactor: 1,
  retentionMs: 7 * 24 * 3_600_000,
  dlqRetentionMs: 30 * 24 * 3_600_000,
};

export type TopicCatalog = Readonly<Record<TopicRole, TopicSpec>>;

function topicName(role: TopicRole, o: TopicCatalogOptions): string {
  if (role === 'modelPublished') return `${o.modelPrefix}.published`;
  if (role === 'dlqParked') return `${o.prefix}.dlq.parked`;
  return `${o.prefix}.${role}`;
}

export function topicCatalog(options: Partial<TopicCatalogOptions> = {}): TopicCatalog {
  const o = { ...defaultTopicCatalogOptions, ...options };
  const entries = topicRoles.map((role): [TopicRole, TopicSpec] => {
    const models = role === 'modelPublished';
    const name = topicName(role, o);
    return [
      role,
      {
        role,
        name,
        subject: `${name}-value`,
        valueSchema: valueSchemaOf[role],
        // One partition keeps announcements in order; they are few and read back from the start.
        partitions: models ? 1 : o.partitions,
        replicationFactor: o.replicationFactor,
        retentionMs: role === 'dlq' || role === 'dlqParked' || models ? o.dlqRetentionMs : o.retentionMs,
        cleanupPolicy: role === 'deleted' ? 'compact' : 'delete',
      },
    ];
  });
  return Object.fromEntries(entries) as Record<TopicRole, TopicSpec>;
}
