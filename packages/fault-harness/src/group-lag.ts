import { partitionLags } from '@docsort/pipeline-metrics';
import type { Kafka } from 'kafkajs';

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
