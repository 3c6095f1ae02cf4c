import type { StackEndpoints } from '@docsort/local-stack';
import { type Admin, Kafka, logLevel } from 'kafkajs';
import { onTestFinished } from 'vitest';
import { uniqueName } from './unique-name.ts';

export function testKafka(endpoints: StackEndpoints, clientId = uniqueName('test-client')): Kafka {
  return new Kafka({
    clientId,
    brokers: [...endpoints.kafka.brokers],
    logLevel: logLevel.WARN,
  });
}

/**
 * Creates topics with unique names for the current test and deletes them when it finishes.
 * Returns the names in the order of `prefixes`.
 */
export async function createTestTopics(
  endpoints: StackEndpoints,
  prefixes: readonly string[],
  numPartitions = 1,
): Promise<string[]> {
  const admin: Admin = testKafka(endpoints).admin();
  await admin.connect();
  const topics = prefixes.map((prefix) => uniqueName(prefix));
  await admin.createTopics({
    waitForLeaders: true,
    topics: topics.map((topic) => ({ topic, numPartitions })),
  });
  onTestFinished(async () => {
    await admin.deleteTopics({ topics });
    await admin.disconnect();
  });
  return topics;
}
