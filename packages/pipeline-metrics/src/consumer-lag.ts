import type { Admin, Kafka } from 'kafkajs';
import type { Registry } from 'prom-client';
import { family } from './metric-family.ts';

export interface LaggingGroup {
  readonly groupId: string;
  readonly topic: string;
}

/** Records of `topic` the consumer group has not committed yet, summed over partitions (as the broker sees it). */
export async function groupLag(kafka: Kafka, groupId: string, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [ends, offsets] = await Promise.all([
      admin.fetchTopicOffsets(topic),
      admin.fetchOffsets({ groupId, topics: [topic] }),
    ]);
    const committed = offsets.find((o) => o.topic === topic)?.partitions ?? [];
    return partitionLags(ends, committed).reduce((sum, p) => sum + p.lag, 0);
  } finally {
    await admin.disconnect();
  }
}

export interface PartitionLag {
  readonly partition: number;
  readonly lag: number;
}

/**
 * Lag as the broker sees it — end offset minus the group's committed offset, per partition — so it keeps
 * growing when a consumer is stuck or gone, which lag counted inside the consumer could not show. A group
 * with no commit yet lags by everything since the partition's start offset.
 */
export function partitionLags(
  ends: ReadonlyArray<{ partition: number; high: string; low: string }>,
  committed: ReadonlyArray<{ partition: number; offset: string }>,
): PartitionLag[] {
  const committedBy = new Map(committed.map((c) => [c.partition, BigInt(c.offset)]));
  return ends.map(({ partition, high, low }) => {
    const at = committedBy.get(partition) ?? -1n;
    const from = at < 0n ? BigInt(low) : at;
    const lag = BigInt(high) - from;
    return { partition, lag: Number(lag < 0n ? 0n : lag) };
  });
}

/**
 * docsort_consumer_lag{group,topic,partition}, asked of the broker at each scrape (at most every
 * `minIntervalMs`; between, and when the broker does not answer, the last values stand).
 */
export function trackConsumerLag(
  registry: Registry,
  kafka: Kafka,
  groups: readonly LaggingGroup[],
  minIntervalMs = 2_000,
): { close(): Promise<void> } {
  let admin: Admin | undefined;
  let connecting: Promise<Admin> | undefined;
  let last = 0;
  const connected = () => {
    connecting ??= (async () => {
      const client = kafka.admin();
      await client.connect();
      admin = client;
      return client;
    })().catch((error) => {
      connecting = undefined;
      throw error;
    });
    return connecting;
  };
  family(registry, 'gauge', {
    name: 'docsort_consumer_lag',
    help: 'Records in a partition not yet committed by the consumer group (end offset − committed offset).',
    labelNames: ['group', 'topic', 'partition'],
    async collect() {
      if (Date.now() - last < minIntervalMs) return;
      try {
        const client = await connected();
        for (const { groupId, topic } of groups) {
          const [ends, offsets] = await Promise.all([
            client.fetchTopicOffsets(topic),
            client.fetchOffsets({ groupId, topics: [topic] }),
          ]);
          const committed = offsets.find((o) => o.topic === topic)?.partitions ?? [];
          for (const { partition, lag } of partitionLags(ends, committed)) {
            this.set({ group: groupId, topic, partition: String(partition) }, lag);
          }
        }
        last = Date.now();
      } catch {
        // The broker is away: the last values stand, and the stage's own errors say why.
      }
    },
  });
  return {
    async close() {
      await admin?.disconnect();
    },
  };
}
