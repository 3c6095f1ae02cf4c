import type { AvroSerializer } from '@docsort/avro-serde';
import type { ModelPublished } from '@docsort/contracts';
import type { Producer } from 'kafkajs';

/** Announces published models on models.published, keyed by model name so a name's versions stay in order. */
export function modelAnnouncer(
  producer: Producer,
  serializer: AvroSerializer<ModelPublished>,
  topic: string,
): (record: ModelPublished) => Promise<void> {
  return async (record) => {
    await producer.send({
      topic,
      acks: -1,
      messages: [{ key: record.modelName, value: serializer.serialize(record) }],
    });
  };
}
