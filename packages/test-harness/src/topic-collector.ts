import { type StackEndpoints, waitUntil } from '@docsort/local-stack';
import type { IHeaders } from 'kafkajs';
import { onTestFinished } from 'vitest';
import { testKafka } from './kafka-fixtures.ts';
import { uniqueName } from './unique-name.ts';

export interface CollectedRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly value: Buffer | null;
  readonly headers: IHeaders;
}

export interface TopicCollector {
  /** Everything read so far, in arrival order. */
  readonly records: readonly CollectedRecord[];
  /** Waits until `condition` holds for the records read so far; fails after `timeoutMs`. */
  waitFor(
    condition: (records: readonly CollectedRecord[]) => boolean,
    description: string,
    timeoutMs?: number,
  ): Promise<void>;
}

/** Reads `topics` from the beginning, in a group of its own, until the current test finishes. */
export async function collectTopics(
  endpoints: StackEndpoints,
  topics: readonly string[],
): Promise<TopicCollector> {
  const records: CollectedRecord[] = [];
  const consumer = testKafka(endpoints).consumer({ groupId: uniqueName('collector'), maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topics: [...topics], fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ topic, partition, message }) => {
      records.push({
        topic,
        partition,
        offset: message.offset,
        key: message.key?.toString() ?? null,
        value: message.value,
        headers: message.headers ?? {},
      });
    },
  });
  onTestFinished(() => consumer.disconnect());
  return {
    records,
    waitFor: (condition, description, timeoutMs = 60_000) =>
      waitUntil(() => condition(records), { timeoutMs, intervalMs: 50, description }),
  };
}
