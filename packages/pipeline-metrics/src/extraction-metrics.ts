import type { DocumentExtracted, DocumentIncoming } from '@docsort/contracts';
import type { RuntimeObserver } from '@docsort/stream-runtime';
import type { Registry } from 'prom-client';
import { family, latencyBuckets } from './metric-family.ts';

/** Extract's own series, from the records it produces: documents, pages, bytes and parse time by format. */
export function extractionObserver(
  registry: Registry,
  options: { readonly output: string },
): RuntimeObserver {
  const documents = family(registry, 'counter', {
    name: 'docsort_extracted_documents_total',
    help: 'Documents whose text was extracted, by detected format (pdf, docx, image, …).',
    labelNames: ['format'],
  });
  const pages = family(registry, 'counter', {
    name: 'docsort_extracted_pages_total',
    help: 'Pages extracted (formats with pages), by format.',
    labelNames: ['format'],
  });
  const bytes = family(registry, 'counter', {
    name: 'docsort_extracted_bytes_total',
    help: 'Bytes of the source documents extracted, by format.',
    labelNames: ['format'],
  });
  const duration = family(registry, 'histogram', {
    name: 'docsort_extraction_duration_seconds',
    help: 'Parse time of one document (without fetching it), by format.',
    labelNames: ['format'],
    buckets: latencyBuckets,
  });
  const languages = family(registry, 'counter', {
    name: 'docsort_extracted_documents_by_language_total',
    help: 'Documents extracted, by detected language (ISO 639-1; unknown when too little text or unsure).',
    labelNames: ['language'],
  });
  const ocrPages = family(registry, 'counter', {
    name: 'docsort_ocr_pages_total',
    help: 'Pages read by OCR, by engine (tesseract: native; tesseract.js: the WebAssembly fallback).',
    labelNames: ['engine'],
  });
  const ocrDuration = family(registry, 'histogram', {
    name: 'docsort_ocr_document_duration_seconds',
    help: 'Extraction time of documents with pages read by OCR, by engine.',
    labelNames: ['engine'],
    buckets: latencyBuckets,
  });
  return {
    processed({ input, outputs }) {
      const extracted = outputs
        .filter((o) => o.to === options.output)
        .map((o) => o.value as DocumentExtracted);
      for (const document of extracted) {
        const format = document.detectedFormat;
        documents.inc({ format });
        pages.inc({ format }, document.pageCount ?? 0);
        duration.observe({ format }, document.extractionMs / 1000);
        languages.inc({ language: document.language ?? 'unknown' });
        if (document.ocrEngine) {
          const engine = document.ocrEngine.name;
          ocrPages.inc({ engine }, document.pages?.filter((page) => page.source === 'ocr').length ?? 0);
          ocrDuration.observe({ engine }, document.extractionMs / 1000);
        }
      }
      // An archive's members are documents of their own; the bytes count once, under the one format read.
      const [only] = extracted;
      if (only && extracted.length === 1) {
        bytes.inc({ format: only.detectedFormat }, (input as DocumentIncoming).size);
      }
    },
  };
}
