// Direct produce: for producers that store files in S3/MinIO themselves and announce them on
// documents.incoming — no HTTP hop. Run it:
//   pnpm --filter @docsort/ingest-service example:direct-produce ./invoice.pdf
// It uses the same settings as the services (DOCSORT_KAFKA_BROKERS, DOCSORT_SCHEMA_REGISTRY_URL, DOCSORT_S3_*).
//
// The contract, for producers in any language:
//   1. store the bytes in a bucket docsort can read; any key (docsort never trusts names);
//   2. produce a DocumentIncoming (schemas/document-incoming.avsc) to documents.incoming, Avro in the
//      Confluent wire format with the schema registered under documents.incoming-value,
//      the record key = documentId (a UUID you generate), origin DIRECT, submittedAt = now (ms);
//   3. read the result on documents.classified (or documents.dlq) by the same key.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { ConfluentAvroSerde } from '@docsort/avro-serde';
import { createKafka, createSchemaRegistryClient, loadClientConfig } from '@docsort/client-config';
import { type DocumentIncoming, messageSchema } from '@docsort/contracts';
import { loadObjectStoreConfig, ObjectStore } from '@docsort/object-store';
import { Partitioners } from 'kafkajs';

const file = process.argv[2];
if (!file) {
  console.error('usage: direct-produce <file>');
  process.exit(2);
}
const client = loadClientConfig();
const store = new ObjectStore(loadObjectStoreConfig());
const bytes = readFileSync(file);
const documentId = randomUUID();

// 1. Store the file.
const object = await store.write(store.config.bucket, `direct/${documentId}`, bytes);

// 2. Announce it.
const serializer = await new ConfluentAvroSerde(
  createSchemaRegistryClient(client),
).serializer<DocumentIncoming>(client.topics.incoming.subject, messageSchema('DocumentIncoming'));
const incoming: DocumentIncoming = {
  documentId,
  object,
  size: bytes.length,
  sha256: null,
  filename: basename(file),
  declaredContentType: null,
  tenant: null,
  origin: 'DIRECT',
  submittedAt: Date.now(),
  correlationId: randomUUID(),
  attributes: { producer: 'direct-produce example' },
  parentDocumentId: null,
  // Or the bytes themselves, when small: extract then skips reading the object.
  content: null,
};
const producer = createKafka(client).producer({
  idempotent: true,
  createPartitioner: Partitioners.DefaultPartitioner,
});
await producer.connect();
await producer.send({
  topic: client.topics.incoming.name,
  acks: -1,
  messages: [{ key: documentId, value: serializer.serialize(incoming) }],
});
await producer.disconnect();
console.log(JSON.stringify({ documentId, object }));
