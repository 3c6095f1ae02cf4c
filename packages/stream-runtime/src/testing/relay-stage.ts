import { setTimeout as sleep } from 'node:timers/promises';
import {
  type DocumentExtracted,
  type DocumentIncoming,
  PermanentError,
  RetriableError,
  type TopicCatalog,
} from '@docsort/contracts';
import { type Stage, topicBinding } from '../stage.ts';

/**
 * A stage for testing the runtime: turns each DocumentIncoming into a DocumentExtracted. What it does with
 * a record is steered by the record's `attributes.behaviour`:
 * `permanent` (fails for good), `retry-twice` (transient failure on attempts 1 and 2), `hang` (never returns),
 * `filter` (no output), `slow:<ms>` (takes that long); anything else succeeds, after `delayMs`.
 */
export function relayStage(catalog: TopicCatalog, delayMs = 0): Stage<DocumentIncoming> {
  return {
    name: 'relay',
    input: topicBinding(catalog.incoming),
    outputs: {
      extracted: topicBinding(catalog.extracted),
    },
    async process({ value }, { attempt, signal }) {
      switch (value.attributes.behaviour) {
        case 'permanent':
          throw new PermanentError('ENCRYPTED', `document ${value.documentId} is password-protected`);
        case 'retry-twice':
          if (attempt <= 2) throw new RetriableError(`object store unavailable (attempt ${attempt})`);
          break;
        case 'hang':
          await new Promise(() => undefined);
          break;
        case 'filter':
          return [];
      }
      const slow = /^slow:(\d+)$/.exec(value.attributes.behaviour ?? '');
      if (slow) await sleep(Number(slow[1]), undefined, { signal });
      if (delayMs) await sleep(delayMs, undefined, { signal });
      const extracted: DocumentExtracted = {
        documentId: value.documentId,
        correlationId: value.correlationId,
        source: value.object,
        detectedMediaType: 'text/plain',
        detectedFormat: 'txt',
        declaredContentType: value.declaredContentType,
        text: `relayed ${value.filename}`,
        textTruncated: false,
        fullText: null,
        pageCount: null,
        charCount: 8 + value.filename.length,
        warnings: [],
        extractor: { name: 'relay', version: '0' },
        extractionMs: delayMs,
        filename: value.filename,
        tenant: value.tenant,
        submittedAt: value.submittedAt,
        extractedAt: Date.now(),
        parentDocumentId: value.parentDocumentId,
        pages: null,
        language: null,
        ocrEngine: null,
      };
      return [{ to: 'extracted', key: value.documentId, value: extracted }];
    },
  };
}
