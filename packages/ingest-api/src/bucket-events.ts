import {
  type DocumentIncoming,
  deriveDocumentId,
  SchemaInvalidError,
  type TopicCatalog,
} from '@docsort/contracts';
import { type Stage, topicBinding } from '@docsort/stream-runtime';
import { newIncoming } from './new-incoming.ts';

/** One created object, as an S3 event record (MinIO's bucket notifications) describes it. */
export interface StoredObjectEvent {
  readonly bucket: string;
  readonly key: string;
  readonly size: number;
  readonly etag: string | null;
  readonly versionId: string | null;
  readonly contentType: string | null;
}

interface S3EventRecord {
  eventName?: string;
  s3?: {
    bucket?: { name?: string };
    object?: { key?: string; size?: number; eTag?: string; versionId?: string; contentType?: string };
  };
}

/** The created objects in an S3 event notification (JSON, `Records[]`); other events are ignored. */
export function parseBucketEvent(bytes: Buffer | null): StoredObjectEvent[] {
  let event: { Records?: S3EventRecord[] };
  try {
    event = JSON.parse(bytes?.toString('utf8') ?? '');
  } catch (error) {
    throw new SchemaInvalidError(`bucket notification is not JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(event?.Records))
    throw new SchemaInvalidError('bucket notification has no Records array');
  return event.Records.filter((record) => record.eventName?.startsWith('s3:ObjectCreated:')).map((record) => {
    const bucket = record.s3?.bucket?.name;
    const key = record.s3?.object?.key;
    if (!bucket || !key) throw new SchemaInvalidError('bucket notification record without bucket or key');
    return {
      bucket,
      // S3 events URL-encode keys (spaces as '+').
      key: decodeURIComponent(key.replace(/\+/g, ' ')),
      size: record.s3?.object?.size ?? 0,
      etag: record.s3?.object?.eTag ?? null,
      versionId: record.s3?.object?.versionId ?? null,
      contentType: record.s3?.object?.contentType ?? null,
    };
  });
}

/**
 * A document for an object someone else stored. Its id derives from the object, so a notification
 * delivered twice announces the same document twice — never two documents.
 */
export function incomingForStoredObject(event: StoredObjectEvent): DocumentIncoming {
  return newIncoming({
    documentId: deriveDocumentId(`${event.bucket}/${event.key}/${event.versionId ?? event.etag ?? ''}`),
    object: { bucket: event.bucket, key: event.key, versionId: event.versionId, etag: event.etag },
    size: event.size,
    sha256: null,
    origin: 'BUCKET_NOTIFICATION',
    filename: event.key.split('/').pop() ?? event.key,
    declaredContentType: event.contentType,
    tenant: null,
    attributes: { 'docsort.inbox.key': event.key },
    content: null,
  });
}

/**
 * Bucket notifications (MinIO → Kafka, JSON) → documents.incoming, for the files dropped into `inboxBucket`.
 * Events of other buckets sharing the notification topic are skipped.
 */
export function createBucketEventStage(
  catalog: TopicCatalog,
  eventsTopic: string,
  inboxBucket: string,
): Stage<StoredObjectEvent[]> {
  return {
    name: 'ingest',
    input: { topic: eventsTopic, decode: parseBucketEvent },
    outputs: { incoming: topicBinding(catalog.incoming) },
    async process({ value: events }) {
      return events
        .filter((event) => event.bucket === inboxBucket)
        .map((event) => {
          const incoming = incomingForStoredObject(event);
          return { to: 'incoming', key: incoming.documentId, value: incoming };
        });
    },
  };
}
