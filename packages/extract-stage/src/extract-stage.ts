import {
  childDocumentId,
  type DocumentExtracted,
  type DocumentIncoming,
  PermanentError,
  type TopicCatalog,
} from '@docsort/contracts';
import type { ExtractionLimits, ExtractionResult } from '@docsort/extractors';
import { DeletionMarkers, type ObjectStore, objectKeys, ownerHeaders } from '@docsort/object-store';
import { type Stage, type StageOutput, topicBinding } from '@docsort/stream-runtime';
import type { ExtractionPool } from './extraction-pool.ts';
import { nestingDepth, nestingDepthAttribute } from './nesting-depth.ts';

export interface ExtractStageOptions {
  readonly catalog: TopicCatalog;
  readonly store: ObjectStore;
  readonly pool: ExtractionPool;
  readonly limits: ExtractionLimits;
  /** Text longer than this goes to the object store; the record carries its start and a reference. */
  readonly inlineTextChars: number;
  /** Containers inside containers: deeper ones are extracted, but their files are not fanned out. */
  readonly maxDepth: number;
  /**
   * Documents of one partition extracted at once; default: one per pool thread. Their wait in the pool's queue
   * counts against their deadline, so more only adds waiting.
   */
  readonly concurrency?: number;
}

function mediaTypesDisagree(declared: string | null, detected: string): boolean {
  if (!declared) return false;
  const base = declared.split(';')[0]?.trim().toLowerCase();
  return Boolean(base) && base !== 'application/octet-stream' && base !== detected;
}

/**
 * documents.incoming → documents.extracted: reads the stored object (or the bytes inlined in the record), detects its real type, extracts its text
 * in the worker pool, and fans a container's files (e-mail attachments, archive entries) out as new
 * documents on documents.incoming.
 */
export function createExtractStage(options: ExtractStageOptions): Stage<DocumentIncoming> {
  const { catalog, store, pool, limits } = options;
  const deletions = new DeletionMarkers(store);
  return {
    name: 'extract',
    // Scans wait on OCR in native processes: with one document at a time per partition, a partition holding
    // a few scans in a row left the cores idle while its other documents waited (bench:e2e, real mix).
    concurrency: options.concurrency ?? pool.threads,
    input: topicBinding(catalog.incoming),
    outputs: { extracted: topicBinding(catalog.extracted), children: topicBinding(catalog.incoming) },

    async process({ value: incoming }, { signal }) {
      const started = Date.now();
      // An erased document stays erased: a replay of its record extracts and stores nothing (its text would
      // otherwise travel on documents.extracted again).
      if (await deletions.isDeleted(incoming.documentId)) return [];
      // Small uploads travel in the record: no read from the object store for them.
      const bytes =
        incoming.content ??
        (await store.read(incoming.object.bucket, incoming.object.key, limits.maxInputBytes));
      const result = await pool.extract(bytes, limits, signal);
      const outputs: StageOutput[] = [];
      const depth = nestingDepth(incoming, options.maxDepth);
      const warnings = [...result.warnings];
      // An archive inside maxDepth archives is refused: real documents are not nested that deep, and a
      // 100-level ZIP would otherwise cost 100 rounds through the pipeline.
      if (result.children.length && depth >= options.maxDepth) {
        throw new PermanentError(
          'TOO_LARGE',
          `archive nested more than ${options.maxDepth} levels deep (DOCSORT_EXTRACT_MAX_DEPTH)`,
        );
      }
      outputs.push(...(await storeChildren(incoming, result, depth)));
      if (mediaTypesDisagree(incoming.declaredContentType, result.mediaType)) warnings.push('TYPE_MISMATCH');

      let text = result.text;
      let fullText: DocumentExtracted['fullText'] = null;
      if (text.length > options.inlineTextChars) {
        fullText = await store.write(
          store.config.bucket,
          objectKeys.fullText(incoming.documentId),
          Buffer.from(text),
          {
            'content-type': 'text/plain; charset=utf-8',
          },
        );
        text = text.slice(0, options.inlineTextChars);
      }
      const extracted: DocumentExtracted = {
        documentId: incoming.documentId,
        correlationId: incoming.correlationId,
        source: incoming.object,
        detectedMediaType: result.mediaType,
        detectedFormat: result.format,
        declaredContentType: incoming.declaredContentType,
        text,
        textTruncated: fullText !== null,
        fullText,
        pageCount: result.pageCount,
        charCount: result.text.length,
        warnings,
        extractor: result.extractor,
        extractionMs: Date.now() - started,
        filename: incoming.filename,
        tenant: incoming.tenant,
        submittedAt: incoming.submittedAt,
        extractedAt: Date.now(),
        parentDocumentId: incoming.parentDocumentId,
        pages: result.pages ? [...result.pages] : null,
        language: result.language,
        ocrEngine: result.ocrEngine,
      };
      // Erased while this ran: what it stored goes again, and nothing is announced (see DeletionMarkers).
      const stored = [
        ...(fullText ? [fullText.key] : []),
        ...outputs.map((output) => (output.value as DocumentIncoming).object.key),
      ];
      if (await deletions.removeIfDeleted(incoming.documentId, stored)) return [];
      return [{ to: 'extracted', key: incoming.documentId, value: extracted }, ...outputs];
    },
  };

  async function storeChildren(
    parent: DocumentIncoming,
    result: ExtractionResult,
    depth: number,
  ): Promise<StageOutput[]> {
    const outputs: StageOutput[] = [];
    for (const [index, child] of result.children.entries()) {
      const documentId = childDocumentId(parent.documentId, index);
      if (child.content.length > limits.maxInputBytes) {
        throw new PermanentError(
          'TOO_LARGE',
          `attachment ${child.filename} has ${child.content.length} bytes`,
        );
      }
      const object = await store.write(store.config.bucket, objectKeys.document(documentId), child.content, {
        'x-amz-meta-parent-document-id': parent.documentId,
        // A member is its parent's tenant's document: the API keeps other tenants from it.
        ...ownerHeaders(parent.tenant, `extract:${parent.documentId}`),
      });
      const value: DocumentIncoming = {
        documentId,
        object,
        size: child.content.length,
        sha256: null,
        filename: child.filename.slice(0, 255),
        declaredContentType: child.contentType,
        tenant: parent.tenant,
        origin: parent.origin,
        submittedAt: parent.submittedAt,
        correlationId: parent.correlationId,
        attributes: { ...parent.attributes, [nestingDepthAttribute]: String(depth + 1) },
        parentDocumentId: parent.documentId,
        content: null,
      };
      outputs.push({ to: 'children', key: documentId, value });
    }
    return outputs;
  }
}
