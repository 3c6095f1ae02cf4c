const trainingExampleKey = (label: string, id: string, name: string) =>
  `training/${label}/${id.replace(/-/g, '').slice(0, 16)}-${name.replace(/[^\w.-]+/g, '_')}`;

/** Where docsort keeps things in its bucket: always under the document's id, never a client's name. */
export const objectKeys = {
  document: (documentId: string) => `documents/${documentId}`,
  fullText: (documentId: string) => `text/${documentId}.txt`,
  /** A document's outcome (classification or failure), written by the sink, read by the API. */
  result: (documentId: string) => `results/${documentId}.json`,
  /**
   * An erased document's DocumentDeleted record, written before its objects are removed and kept for good:
   * whatever writes a document's state checks it, so that a replayed record cannot bring the document back.
   */
  deletionMarker: (documentId: string) => `deleted/${documentId}`,
  /**
   * JSON lines of classified documents under their day (UTC), one object per run of records the sink wrote
   * together, named after the first record's place in the topic:
   * `analytics/date=2026-11-22/documents.classified-3-1042.jsonl`. S3 has no append; query engines (DuckDB,
   * Athena, Spark) read a day's prefix as one JSON Lines data set.
   */
  analyticsChunk: (day: string, topic: string, partition: number, firstOffset: string): string =>
    `${objectKeys.analyticsDay(day)}${topic}-${partition}-${firstOffset}.jsonl`,
  /** The analytics chunks of one day (UTC, `2026-11-22`). */
  analyticsDay: (day: string) => `analytics/date=${day}/`,
  /** Content index for de-duplication: tenant and sha256 → the first documentId with that content. */
  contentIndex: (tenant: string | null, sha256: string) => `content-index/${tenant ?? '_'}/${sha256}`,
  /** A published model's files: model.json, weights.bin, tokenizer.json, manifest.json, report… */
  modelVersion: (name: string, version: string) => `models/${name}/${version}/`,
  /** The version that `latest` means for a model name: a one-line pointer written after a publish. */
  latestModelPointer: (name: string) => `models/${name}/LATEST`,
  /** A document's latest correction by a reviewer (written by the sink, read by the API). */
  correction: (documentId: string) => `training-feedback/${documentId}`,
  /**
   * A reviewed document's label and extracted text, kept for shadow evaluation (written by the feedback sink).
   * Not expired with the documents, like training examples; erased with the document.
   */
  reviewed: (documentId: string) => `reviewed/${documentId}.json`,
  /**
   * A document waiting for (or done with) human review: `review/<tenant or _>/<documentId>.json`, its claim
   * and verdict included. Under its tenant so that a tenant's queue is one listing.
   */
  reviewItem: (tenant: string | null, documentId: string) =>
    `${objectKeys.reviewQueue(tenant)}${documentId}.json`,
  /** One tenant's review items (`_`: documents without a tenant). */
  reviewQueue: (tenant: string | null) => `review/${tenant ?? '_'}/`,
  /** Every tenant's review items. */
  reviewQueues: 'review/',
  /** Labelled example files for training, added by `docsort examples add` (and reviewers' feedback). */
  trainingExamples: (label: string) => `training/${label}/`,
  /**
   * One example: `training/<label>/<16 hex characters>-<name>`. The hex part (a content hash, or a document's
   * id) keeps two files of the same name apart; `trainingExampleName` gives the name back.
   */
  trainingExample: (label: string, id: string, name: string) => trainingExampleKey(label, id, name),
  /**
   * A tenant's corrected document: `tenants/<tenant>/training/<label>/…`, apart from the shared examples
   * under `training/`, so one tenant's documents never train a model another tenant's documents go through.
   */
  tenantTrainingExample: (tenant: string, label: string, id: string, name: string) =>
    `tenants/${tenant}/${trainingExampleKey(label, id, name)}`,
} as const;

/** The file name part of a training example's key (see objectKeys.trainingExample). */
export function trainingExampleName(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1).replace(/^[0-9a-f]{16}-/, '');
}

/**
 * User metadata on a stored original (`x-amz-meta-<name>`) saying whose document it is: the tenant it was
 * submitted for (empty: none) and who submitted it. Set by whoever stores an original (ingest, extract for
 * archive members); the API reads it to keep tenants apart.
 */
export const ownerMetadata = { tenant: 'docsort-tenant', submittedBy: 'docsort-submitted-by' } as const;

/** The headers that store `ownerMetadata` with an object. */
export function ownerHeaders(tenant: string | null, submittedBy: string): Record<string, string> {
  return {
    [`x-amz-meta-${ownerMetadata.tenant}`]: tenant ?? '',
    [`x-amz-meta-${ownerMetadata.submittedBy}`]: submittedBy,
  };
}
