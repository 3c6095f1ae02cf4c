import { type DocumentExtracted, messageSchema } from '@docsort/contracts';
import { testKafka, uniqueName } from '@docsort/test-harness';
import type { startPipeline } from '../src/test-pipeline.ts';

/**
 * Page counts of the documents the extract stage has produced (from documents.extracted, as they come): what
 * pages/s counts. A document without pages (an e-mail, a text file) counts as one.
 */
export async function watchExtractedPages(pipeline: Awaited<ReturnType<typeof startPipeline>>) {
  const pages = new Map<string, number>();
  const consumer = testKafka(pipeline.endpoints).consumer({
    groupId: uniqueName('pages'),
    maxWaitTimeInMs: 50,
  });
  await consumer.connect();
  await consumer.subscribe({ topic: pipeline.catalog.extracted.name, fromBeginning: true });
  const deserializer = pipeline.serde.deserializer<DocumentExtracted>(messageSchema('DocumentExtracted'));
  await consumer.run({
    eachMessage: async ({ message }) => {
      const record = await deserializer.deserialize(message.value);
      pages.set(record.documentId, record.pageCount ?? 1);
    },
  });
  return { pages, stop: () => consumer.disconnect() };
}
