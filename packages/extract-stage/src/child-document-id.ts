import { createHash } from 'node:crypto';

/**
 * The id of the n-th document found inside `parentId`: derived, not random, so that extracting the parent
 * again (at-least-once) yields the same children — overwriting, not duplicating them.
 */
export function childDocumentId(parentId: string, index: number): string {
  const hex = createHash('sha256').update(`${parentId}/${index}`).digest('hex');
  // Shaped as an RFC 9562 version 8 (custom) UUID.
  const variant = ((Number.parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
