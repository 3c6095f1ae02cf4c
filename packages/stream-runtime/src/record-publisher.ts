import type { AvroSerializer } from '@docsort/avro-serde';
import type { Producer } from 'kafkajs';

/**
 * Produces one record outside a stage (an API call, a CLI command): Avro-encoded, keyed, and acknowledged by
 * every in-sync replica before the returned promise resolves — so the caller can tell its client "accepted".
 */
export function recordPublisher<T>(
  producer: Producer,
  serializer: AvroSerializer<T>,
  topic: string,
  keyOf: (value: T) => string,
): (value: T) => Promise<void> {
  return async (value) => {
    await producer.send({
      topic,
      acks: -1,
      messages: [{ key: keyOf(value), value: serializer.serialize(value) }],
    });
  };
}
