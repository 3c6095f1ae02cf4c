import type { DocumentExtracted } from '@docsort/contracts';
import { type startPipeline, watchRecords } from '../src/test-pipeline.ts';

/**
 * Page counts of the documents the extract stage has produced (from documents.extracted, as they come): what
 * pages/s counts. A document without pages (an e-mail, a text file) counts as one.
 */
export async function watchExtractedPages(pipeline: Awaited<ReturnType<typeof startPipeline>>) {
  const { byId, stop } = await watchRecords<DocumentExtracted>(
    pipeline,
    pipeline.catalog.extracted,
    'DocumentExtracted',
  );
  return { pagesOf: (documentId: string) => byId.get(documentId)?.pageCount ?? 1, stop };
}
