import { type ObjectStore, objectKeys } from '@docsort/object-store';

/** A reviewer's latest correction of a document, as the sink recorded it. */
export interface Correction {
  readonly label: string;
  /** Who corrected it: the authenticated caller's subject, or the reviewer name an unauthenticated API was given. */
  readonly reviewer: string;
  readonly at: number;
}

/**
 * The stored correction of a document, if any. The first releases stored only the label, as plain text:
 * those read as a correction by an unknown reviewer.
 */
export async function readCorrection(
  store: ObjectStore,
  documentId: string,
): Promise<Correction | undefined> {
  const bytes = await store.readIfExists(store.config.bucket, objectKeys.correction(documentId), 64 * 1024);
  if (!bytes) return undefined;
  const text = bytes.toString('utf8');
  if (!text.startsWith('{')) return { label: text.trim(), reviewer: 'unknown', at: 0 };
  return JSON.parse(text) as Correction;
}

export async function writeCorrection(store: ObjectStore, documentId: string, correction: Correction) {
  await store.write(
    store.config.bucket,
    objectKeys.correction(documentId),
    Buffer.from(JSON.stringify(correction)),
    {
      'content-type': 'application/json',
    },
  );
}
