import { createHash } from 'node:crypto';

/**
 * A document id derived from what identifies the document (a parent and an index, a bucket object and its
 * etag): handling the same thing again (at-least-once) yields the same id, so outputs overwrite instead of
 * duplicating. Shaped as an RFC 9562 version 8 (custom) UUID.
 */
export function deriveDocumentId(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  const variant = ((Number.parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The id of the n-th document found inside `parentId` (an archive member, an e-mail attachment): stable across
 * re-extractions of the parent. Here, not in the extract stage, because erasure finds the members by it too.
 */
export function childDocumentId(parentId: string, index: number): string {
  return deriveDocumentId(`${parentId}/${index}`);
}
