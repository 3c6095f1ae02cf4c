/** Where docsort keeps things in its bucket: always under the document's id, never a client's name. */
export const objectKeys = {
  document: (documentId: string) => `documents/${documentId}`,
  fullText: (documentId: string) => `text/${documentId}.txt`,
  /** Content index for de-duplication: tenant and sha256 → the first documentId with that content. */
  contentIndex: (tenant: string | null, sha256: string) => `content-index/${tenant ?? '_'}/${sha256}`,
} as const;
