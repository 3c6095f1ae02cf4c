import type { AvroSerializer } from '@docsort/avro-serde';
import type { Message, Producer } from 'kafkajs';
import { recordsPerRequest } from './produce-request-size.ts';

interface Waiting {
  readonly message: Message;
  readonly settle: (error?: Error) => void;
}

/**
 * Produces records outside a stage (an API call, a CLI command): Avro-encoded, keyed, and acknowledged by
 * every in-sync replica before the returned promise resolves — so the caller can tell its client "accepted".
 *
 * Batches by itself, without waiting for a batch to fill: while one produce request is in flight, records
 * queue and go out together in the next. kafkajs's idempotent producer sends one request at a time per
 * broker anyway, so a busy API would otherwise queue one request per record; idle, a record goes at once.
 */
export function recordPublisher<T>(
  producer: Producer,
  serializer: AvroSerializer<T>,
  topic: string,
  keyOf: (value: T) => string,
): (value: T) => Promise<void> {
  const queue: Waiting[] = [];
  let sending = false;
  const drain = async () => {
    sending = true;
    while (queue.length) {
      const batch = queue.splice(0, recordsPerRequest(queue.map((w) => w.message)));
      try {
        await producer.send({ topic, acks: -1, messages: batch.map((w) => w.message) });
        for (const waiting of batch) waiting.settle();
      } catch (error) {
        for (const waiting of batch) waiting.settle(error as Error);
      }
    }
    sending = false;
  };
  return (value) =>
    new Promise<void>((resolve, reject) => {
      const message = { key: keyOf(value), value: serializer.serialize(value) };
      queue.push({ message, settle: (error) => (error ? reject(error) : resolve()) });
      if (!sending) void drain();
    });
}
