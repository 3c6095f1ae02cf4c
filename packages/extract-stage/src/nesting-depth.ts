import type { DocumentIncoming } from '@docsort/contracts';

/** Where the extract stage tells a document it fans out how many containers deep it was found. */
export const nestingDepthAttribute = 'docsort.depth';

/**
 * How many containers deep a document on documents.incoming lies. Attributes are the caller's (the upload API
 * passes its metadata through), so they count only on a record that this stage wrote: one with a parent, which
 * the ingest API never sets. A top-level document is at depth 0 whatever its attributes say; a child whose
 * depth is not a positive whole number did not come from this stage and counts as at the limit (`maxDepth`),
 * so that a forged value can never switch the limit off.
 */
export function nestingDepth(
  incoming: Pick<DocumentIncoming, 'parentDocumentId' | 'attributes'>,
  maxDepth: number,
): number {
  if (incoming.parentDocumentId === null) return 0;
  const written = incoming.attributes[nestingDepthAttribute];
  return written !== undefined && /^[1-9][0-9]*$/.test(written) ? Number(written) : maxDepth;
}
