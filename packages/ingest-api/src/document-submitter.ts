import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AvroSerializer } from '@docsort/avro-serde';
import { type DocumentIncoming, RetriableError } from '@docsort/contracts';
import { DeletionMarkers, type ObjectStore, objectKeys, ownerHeaders } from '@docsort/object-store';
import { backoffDelay, recordPublisher } from '@docsort/stream-runtime';
import type { Producer } from 'kafkajs';
import { MeasuredUpload, UploadTooLargeError } from './measured-upload.ts';
import { type IncomingFields, newIncoming } from './new-incoming.ts';

/** How long a failed upload's object is retried for removal while the store is away. */
const removalGiveUpMs = 15 * 60_000;

export interface SubmissionDetails {
  readonly filename: string;
  readonly declaredContentType: string | null;
  readonly tenant: string | null;
  /** Who sent it (the caller's subject), kept with the stored original. */
  readonly submittedBy: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly correlationId?: string;
}

export interface Submission {
  readonly documentId: string;
  /** Set when de-duplication found the same content already submitted: the documentId is that one's. */
  readonly duplicate: boolean;
}

export interface DocumentSubmitterOptions {
  readonly store: ObjectStore;
  readonly producer: Producer;
  readonly serializer: AvroSerializer<DocumentIncoming>;
  readonly topic: string;
  readonly maxUploadBytes: number;
  readonly deduplicate: boolean;
  /** Uploads up to this size travel in their record too (`content`); 0: never. */
  readonly inlineMaxBytes: number;
}

/**
 * Turns a file into a document: stores its bytes under a new id (streaming, measuring and hashing on the
 * way), and announces it on documents.incoming — acknowledged by the broker before the caller hears back.
 */
export class DocumentSubmitter {
  readonly #publish: (incoming: DocumentIncoming) => Promise<void>;
  readonly #markers: DeletionMarkers;

  constructor(readonly options: DocumentSubmitterOptions) {
    this.#markers = new DeletionMarkers(options.store);
    this.#publish = recordPublisher(options.producer, options.serializer, options.topic, (i) => i.documentId);
  }

  async upload(content: Readable, details: SubmissionDetails): Promise<Submission> {
    const { store, maxUploadBytes } = this.options;
    const documentId = randomUUID();
    const key = objectKeys.document(documentId);
    const measured = new MeasuredUpload(maxUploadBytes, this.options.inlineMaxBytes);
    // An empty file is a document like any other: stored, then dead-lettered as EMPTY by extract.
    const feeding = pipeline(content, measured);
    const { submittedBy, ...fields } = details;
    // Set once this upload holds the content index: undone with the object if the upload fails after it.
    let indexKey: string | undefined;
    try {
      const [object] = await Promise.all([
        store.write(store.config.bucket, key, measured, {
          'content-type': details.declaredContentType ?? 'application/octet-stream',
          ...ownerHeaders(details.tenant, submittedBy),
        }),
        feeding,
      ]);
      if (measured.exceeded) throw new UploadTooLargeError(`the file is larger than ${maxUploadBytes} bytes`);
      const sha256 = measured.digest();
      if (this.options.deduplicate) {
        const existing = await this.#firstWithContent(details.tenant, sha256, documentId);
        if (existing !== documentId) {
          await store.remove(store.config.bucket, key);
          return { documentId: existing, duplicate: true };
        }
        indexKey = objectKeys.contentIndex(details.tenant, sha256);
      }
      await this.#announce({
        documentId,
        object,
        size: measured.size,
        sha256,
        origin: 'HTTP_UPLOAD',
        content: measured.kept(),
        ...fields,
      });
      return { documentId, duplicate: false };
    } catch (error) {
      // Nothing half-written stays behind: not the object, not an unfinished multipart upload, and not an
      // index entry naming this id (else every later upload of the file would get an id never processed).
      await feeding.catch(() => undefined);
      content.resume();
      await store.client.removeIncompleteUpload(store.config.bucket, key).catch(() => undefined);
      // A PUT can land on a server that goes away before it answers: the object exists, the upload failed,
      // and removing it fails too while the server is down. Keep trying in the background until it is back.
      for (const leftover of indexKey ? [indexKey, key] : [key]) {
        if (!(await this.#remove(leftover))) void this.#removeWhenBack(leftover);
      }
      throw error;
    }
  }

  #remove(key: string): Promise<boolean> {
    const { store } = this.options;
    return store.remove(store.config.bucket, key).then(
      () => true,
      () => false,
    );
  }

  /**
   * Retries removing a failed upload's object until it is gone or `removalGiveUpMs` has passed — a deadline,
   * not a number of attempts: with jittered delays, 20 attempts could all fall inside one long outage.
   */
  async #removeWhenBack(key: string): Promise<void> {
    const giveUpAt = Date.now() + removalGiveUpMs;
    for (let attempt = 1; Date.now() < giveUpAt; attempt++) {
      await sleep(backoffDelay(attempt, { initialMs: 500, maxMs: 5_000 }) + 500, undefined, { ref: false });
      if (await this.#remove(key)) return;
    }
  }

  async #announce(fields: IncomingFields): Promise<DocumentIncoming> {
    const incoming = newIncoming(fields);
    await this.#publish(incoming);
    return incoming;
  }

  /**
   * The documentId first stored with this content for this tenant (`candidate` if it is the first): a
   * create-if-absent on the content's index key, so two concurrent uploads of one file agree on the winner.
   */
  async #firstWithContent(tenant: string | null, sha256: string, candidate: string): Promise<string> {
    const { store } = this.options;
    const indexKey = objectKeys.contentIndex(tenant, sha256);
    const body = Buffer.from(candidate);
    const metadata = { 'content-type': 'text/plain' };
    // Another try only if the index was removed or taken over between two calls.
    for (let attempt = 0; attempt < 3; attempt++) {
      if (await store.writeIfAbsent(store.config.bucket, indexKey, body, metadata)) return candidate;
      const first = await store.readVersioned(store.config.bucket, indexKey, 100);
      if (!first) continue;
      const firstId = first.bytes.toString('utf8');
      // An erased document's id must not be handed out again, nor one whose document was never stored whole
      // (its upload failed and the entry's removal has not got through yet): the new upload takes its place.
      const stale =
        (await this.#markers.isDeleted(firstId)) ||
        !(await store.exists(store.config.bucket, objectKeys.document(firstId)));
      if (!stale) return firstId;
      if (await store.writeIfUnchanged(store.config.bucket, indexKey, first.etag, body, metadata))
        return candidate;
    }
    throw new RetriableError(`${indexKey}: created and removed again while uploading; try again`);
  }
}
