import { deriveDocumentId } from '@docsort/contracts';

/** The id of the n-th document found inside `parentId`: stable across re-extractions of the parent. */
export function childDocumentId(parentId: string, index: number): string {
  return deriveDocumentId(`${parentId}/${index}`);
}
