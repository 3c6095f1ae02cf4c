import { randomUUID } from 'node:crypto';
import type { DocumentIncoming } from '@docsort/contracts';

export type IncomingFields = Omit<
  DocumentIncoming,
  'submittedAt' | 'correlationId' | 'parentDocumentId' | 'attributes'
> & {
  readonly attributes: Readonly<Record<string, string>>;
  readonly correlationId?: string;
};

/** A DocumentIncoming submitted now, with a new correlation id unless the caller brought one. */
export function newIncoming(fields: IncomingFields): DocumentIncoming {
  return {
    ...fields,
    attributes: { ...fields.attributes },
    submittedAt: Date.now(),
    correlationId: fields.correlationId ?? randomUUID(),
    parentDocumentId: null,
  };
}
