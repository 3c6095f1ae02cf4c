import type { ConfluentAvroSerde } from '@docsort/avro-serde';
import { childDocumentId, type DocumentDeleted, messageSchema, type TopicCatalog } from '@docsort/contracts';
import { ResultStore, readCorrection } from '@docsort/document-results';
import { DeletionMarkers, type ObjectStore, objectKeys, ownerMetadata } from '@docsort/object-store';
import { recordPublisher } from '@docsort/stream-runtime';
import type { Producer } from 'kafkajs';

export interface DocumentDeletionDeps {
  readonly store: ObjectStore;
  /** Produces the record to documents.deleted (keyed by documentId), acknowledged by the broker. */
  readonly publish: (record: DocumentDeleted) => Promise<void>;
}

/** The deletion's dependencies over a connected producer: records go to the catalog's documents.deleted. */
export async function documentDeletionDeps(deps: {
  readonly store: ObjectStore;
  readonly producer: Producer;
  readonly serde: ConfluentAvroSerde;
  readonly catalog: TopicCatalog;
}): Promise<DocumentDeletionDeps> {
  const { deleted } = deps.catalog;
  const serializer = await deps.serde.serializer<DocumentDeleted>(
    deleted.subject,
    messageSchema('DocumentDeleted'),
  );
  return {
    store: deps.store,
    publish: recordPublisher(deps.producer, serializer, deleted.name, (record) => record.documentId),
  };
}

/** Who asked: the API caller's subject (`key:<tenant>/…`, `oidc:<sub>`, `anonymous`), or `cli`. */
export type DeletionRequester = string;

/**
 * Erases a document (GDPR Art. 17) with the documents found inside it, and records it so that no replay
 * brings it back. Returns what was erased — one DocumentDeleted per document, the requested one first — or
 * undefined when docsort has no trace of the id. Idempotent: a second call finds the markers, removes what
 * may have come back since, and publishes the records again.
 *
 * Order matters (see DeletionMarkers): markers first, then the objects, then the records on
 * documents.deleted. A failure part way is repaired by calling again.
 */
export async function deleteDocument(
  deps: DocumentDeletionDeps,
  documentId: string,
  requestedBy: DeletionRequester,
): Promise<readonly DocumentDeleted[] | undefined> {
  const { store } = deps;
  const markers = new DeletionMarkers(store);
  const plans = await planErasure(store, markers, documentId);
  const [first] = plans;
  if (!first || (!first.previous && !first.keys.length)) return undefined;

  const deletedAt = Date.now();
  const records = plans.map(
    (plan, index): DocumentDeleted => ({
      documentId: plan.documentId,
      childDocumentIds: index === 0 ? plans.slice(1).map((child) => child.documentId) : [],
      removedObjects: [...new Set([...(plan.previous?.removedObjects ?? []), ...plan.keys])],
      requestedBy: plan.previous?.requestedBy ?? requestedBy,
      deletedAt: plan.previous?.deletedAt ?? deletedAt,
    }),
  );
  for (const record of records) await markers.write(record);
  for (const plan of plans) {
    for (const key of plan.keys) await store.remove(store.config.bucket, key);
    if (plan.analyticsDay) await removeAnalyticsLines(store, plan.analyticsDay, plan.documentId);
  }
  for (const record of records) await deps.publish(record);
  return records;
}

interface ErasurePlan {
  readonly documentId: string;
  /** The object keys of this document that exist now. */
  readonly keys: readonly string[];
  /** The record of an earlier erasure of this document. */
  readonly previous: DocumentDeleted | undefined;
  /** The UTC day under which its analytics line was written (from its result), if any. */
  readonly analyticsDay: string | undefined;
}

/** The document and, depth first, the documents found inside it, with what each has stored. */
async function planErasure(
  store: ObjectStore,
  markers: DeletionMarkers,
  documentId: string,
): Promise<ErasurePlan[]> {
  const plan = await planOne(store, markers, documentId);
  const plans = [plan];
  // Children are numbered from 0 without gaps; one erased before (a marker, no original) still counts, so
  // the search goes on past it.
  for (let index = 0; ; index++) {
    const childId = childDocumentId(documentId, index);
    const [stored, erased] = await Promise.all([
      store.exists(store.config.bucket, objectKeys.document(childId)),
      markers.isDeleted(childId),
    ]);
    if (!stored && !erased) break;
    plans.push(...(await planErasure(store, markers, childId)));
  }
  return plans;
}

async function planOne(
  store: ObjectStore,
  markers: DeletionMarkers,
  documentId: string,
): Promise<ErasurePlan> {
  const { bucket } = store.config;
  const [correction, owner, stored] = await Promise.all([
    readCorrection(store, documentId),
    store.metadata(bucket, objectKeys.document(documentId)),
    new ResultStore(store).read(documentId),
  ]);
  // A tenant's corrected copy lives under its tenant (see the feedback sink): the original says whose it is,
  // or, once the original is gone, its classification.
  const tenant =
    owner?.[ownerMetadata.tenant] || (stored?.status === 'classified' ? stored.classification.tenant : null);
  const feedbackName = `feedback-${documentId}`;
  const candidates = [
    objectKeys.document(documentId),
    objectKeys.fullText(documentId),
    objectKeys.result(documentId),
    objectKeys.reviewed(documentId),
    objectKeys.reviewItem(tenant || null, documentId),
    ...(correction === undefined
      ? []
      : [
          objectKeys.trainingExample(correction.label, documentId, feedbackName),
          ...(tenant
            ? [objectKeys.tenantTrainingExample(tenant, correction.label, documentId, feedbackName)]
            : []),
          objectKeys.correction(documentId),
        ]),
  ];
  const [present, previous, result] = await Promise.all([
    Promise.all(candidates.map((key) => store.exists(bucket, key))),
    markers.read(documentId),
    new ResultStore(store).read(documentId),
  ]);
  return {
    documentId,
    keys: candidates.filter((_, index) => present[index]),
    previous,
    analyticsDay:
      result?.status === 'classified'
        ? new Date(result.classification.classifiedAt).toISOString().slice(0, 10)
        : undefined,
  };
}

/**
 * Rewrites the day's analytics chunks without the document's lines (the sink writes one JSON line per
 * classification, many documents to an object). A chunk left empty is removed.
 */
async function removeAnalyticsLines(store: ObjectStore, day: string, documentId: string): Promise<void> {
  const { bucket } = store.config;
  for (const key of await store.listKeys(bucket, objectKeys.analyticsDay(day))) {
    const lines = (await store.read(bucket, key, 256 * 1024 * 1024)).toString('utf8').split('\n');
    const kept = lines.filter(
      (line) =>
        line &&
        // Parsed only when the id appears at all: most lines of the day are other documents'.
        !(
          line.includes(documentId) && (JSON.parse(line) as { documentId?: string }).documentId === documentId
        ),
    );
    if (kept.length === lines.filter(Boolean).length) continue;
    if (kept.length) {
      await store.write(bucket, key, Buffer.from(kept.map((line) => `${line}\n`).join('')), {
        'content-type': 'application/x-ndjson',
      });
    } else {
      await store.remove(bucket, key);
    }
  }
}
