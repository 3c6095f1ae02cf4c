import type { AvroSerializer } from '@docsort/avro-serde';
import type { ModelPublished } from '@docsort/contracts';
import { recordPublisher } from '@docsort/stream-runtime';
import type { Producer } from 'kafkajs';

/** Announces published models on models.published, keyed by model name so a name's versions stay in order. */
export function modelAnnouncer(
  producer: Producer,
  serializer: AvroSerializer<ModelPublished>,
  topic: string,
): (record: ModelPublished) => Promise<void> {
  return recordPublisher(producer, serializer, topic, (record) => record.modelName);
}
