import { type ObjectStore, objectKeys } from '@docsort/object-store';

/**
 * A document a reviewer labelled, with the text the pipeline extracted from it: what shadow evaluation
 * classifies with a candidate and the live model to compare them against the reviewers.
 */
export interface ReviewedDocument {
  readonly documentId: string;
  readonly tenant: string | null;
  /** The reviewer's label: the truth the models are measured against. */
  readonly label: string;
  readonly reviewer: string;
  readonly at: number;
  readonly filename: string;
  readonly text: string;
}

const prefix = 'reviewed/';
const maxReviewedBytes = 64 * 1024 * 1024;

export async function writeReviewedDocument(store: ObjectStore, reviewed: ReviewedDocument): Promise<void> {
  await store.write(
    store.config.bucket,
    objectKeys.reviewed(reviewed.documentId),
    Buffer.from(JSON.stringify(reviewed)),
    { 'content-type': 'application/json' },
  );
}

/**
 * The `limit` most recently reviewed documents, newest first. Candidates are picked by when their record was
 * last written (the listing's date, so only `limit` records are read however many there are), then ordered
 * by the review's own time.
 */
export async function readReviewedDocuments(store: ObjectStore, limit: number): Promise<ReviewedDocument[]> {
  const { bucket } = store.config;
  const listed: Array<{ key: string; lastModified: number }> = [];
  for await (const item of store.client.listObjectsV2(bucket, prefix, true)) {
    const { name, lastModified } = item as { name?: string; lastModified?: Date };
    if (name?.endsWith('.json')) listed.push({ key: name, lastModified: lastModified?.getTime() ?? 0 });
  }
  const newest = listed.sort((a, b) => b.lastModified - a.lastModified).slice(0, limit);
  const documents = await Promise.all(
    newest.map(async ({ key }) => {
      // Erased between the listing and the read: not part of the set.
      const bytes = await store.readIfExists(bucket, key, maxReviewedBytes);
      return bytes ? (JSON.parse(bytes.toString('utf8')) as ReviewedDocument) : undefined;
    }),
  );
  return documents
    .filter((d): d is ReviewedDocument => d !== undefined)
    .sort((a, b) => b.at - a.at || a.documentId.localeCompare(b.documentId));
}
