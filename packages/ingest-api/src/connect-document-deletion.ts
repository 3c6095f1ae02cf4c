import { ConfluentAvroSerde } from '@docsort/avro-serde';
import { type ClientConfig, createKafka, createSchemaRegistryClient } from '@docsort/client-config';
import type { DocumentDeleted } from '@docsort/contracts';
import type { ObjectStore } from '@docsort/object-store';
import { Partitioners } from 'kafkajs';
import { type DeletionRequester, deleteDocument, documentDeletionDeps } from './document-deletion.ts';

export interface ConnectedDocumentDeletion {
  /** `deleteDocument` over this connection. */
  erase(documentId: string): Promise<readonly DocumentDeleted[] | undefined>;
  close(): Promise<void>;
}

/** `deleteDocument` with a producer of its own, for callers outside a service (the CLI). */
export async function connectDocumentDeletion(
  client: ClientConfig,
  store: ObjectStore,
  requestedBy: DeletionRequester,
): Promise<ConnectedDocumentDeletion> {
  const producer = createKafka(client).producer({
    idempotent: true,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  try {
    const deps = await documentDeletionDeps({
      store,
      producer,
      serde: new ConfluentAvroSerde(createSchemaRegistryClient(client)),
      catalog: client.topics,
    });
    return {
      erase: (documentId) => deleteDocument(deps, documentId, requestedBy),
      close: () => producer.disconnect(),
    };
  } catch (error) {
    await producer.disconnect();
    throw error;
  }
}
