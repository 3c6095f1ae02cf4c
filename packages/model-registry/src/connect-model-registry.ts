import { ConfluentAvroSerde } from '@docsort/avro-serde';
import { type ClientConfig, createKafka, createSchemaRegistryClient } from '@docsort/client-config';
import { type ModelPublished, messageSchema } from '@docsort/contracts';
import { ObjectStore, type ObjectStoreConfig } from '@docsort/object-store';
import { modelAnnouncer } from './model-announcer.ts';
import { ModelRegistry } from './model-registry.ts';

/**
 * The registry over the configured bucket; with `announce`, publishing also produces ModelPublished on the
 * catalog's models topic (a producer is connected for it — call `close` when done).
 */
export async function connectModelRegistry(
  client: ClientConfig,
  storeConfig: ObjectStoreConfig,
  options: { announce: boolean },
): Promise<{ registry: ModelRegistry; close: () => Promise<void> }> {
  const store = new ObjectStore(storeConfig);
  if (!options.announce) {
    return { registry: new ModelRegistry({ store, bucket: storeConfig.bucket }), close: async () => {} };
  }
  const spec = client.topics.modelPublished;
  const serializer = await new ConfluentAvroSerde(
    createSchemaRegistryClient(client),
  ).serializer<ModelPublished>(spec.subject, messageSchema('ModelPublished'));
  const producer = createKafka(client).producer({ idempotent: true });
  await producer.connect();
  return {
    registry: new ModelRegistry({
      store,
      bucket: storeConfig.bucket,
      announce: modelAnnouncer(producer, serializer, spec.name),
    }),
    close: () => producer.disconnect(),
  };
}
