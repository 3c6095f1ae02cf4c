import type { DocumentClassified, DocumentFailed } from '@docsort/contracts';

/** What the API answers for a document once the pipeline is done with it. */
export type DocumentResult =
  | {
      readonly documentId: string;
      readonly status: 'classified';
      readonly classification: Omit<DocumentClassified, 'documentId'>;
    }
  | {
      readonly documentId: string;
      readonly status: 'failed';
      readonly failure: {
        readonly stage: string;
        readonly reason: string;
        readonly message: string;
        readonly failedAt: number;
      };
    };

export function classifiedResult(record: DocumentClassified): DocumentResult {
  const { documentId, ...classification } = record;
  return { documentId, status: 'classified', classification };
}

export function failedResult(documentId: string, record: DocumentFailed): DocumentResult {
  return {
    documentId,
    status: 'failed',
    failure: {
      stage: record.stage,
      reason: record.reason,
      message: record.message,
      failedAt: record.failedAt,
    },
  };
}

const versionOrder = new Intl.Collator('en', { numeric: true });

/**
 * Whether `next` may replace `current`. A classification replaces a failure (the document was resubmitted
 * and made it) and a classification by the same or a newer model version (versions compare naturally:
 * `2026.11.22` > `2026.11.9`, `v10` > `v9`); a failure never replaces a classification; a redelivered record
 * rewrites identical content, which is harmless.
 */
export function supersedes(next: DocumentResult, current: DocumentResult | undefined): boolean {
  if (!current) return true;
  if (next.status === 'failed') return current.status === 'failed';
  if (current.status === 'failed') return true;
  return versionOrder.compare(next.classification.model.version, current.classification.model.version) >= 0;
}
