import { randomUUID } from 'node:crypto';
import type {
  ClassificationFeedback,
  DocumentClassified,
  DocumentDeleted,
  DocumentExtracted,
  DocumentFailed,
  DocumentIncoming,
  ModelPublished,
  SchemaName,
} from '@docsort/contracts';

/** One valid message of each schema, every optional field filled, for round-trip and pipeline tests. */
export function sampleIncoming(overrides: Partial<DocumentIncoming> = {}): DocumentIncoming {
  const documentId = randomUUID();
  return {
    documentId,
    object: { bucket: 'documents', key: `incoming/${documentId}`, versionId: null, etag: 'abc123' },
    size: 48_213,
    sha256: 'a'.repeat(64),
    filename: 'scan_0003.pdf',
    declaredContentType: 'application/pdf',
    tenant: 'acme',
    origin: 'HTTP_UPLOAD',
    submittedAt: Date.now(),
    correlationId: randomUUID(),
    attributes: { source: 'test' },
    parentDocumentId: null,
    // Not inlined: extract reads the object, as for a direct produce or a bucket notification.
    content: null,
    ...overrides,
  };
}

export function sampleExtracted(overrides: Partial<DocumentExtracted> = {}): DocumentExtracted {
  return {
    documentId: randomUUID(),
    correlationId: randomUUID(),
    source: { bucket: 'documents', key: 'incoming/x', versionId: null, etag: null },
    detectedMediaType: 'application/pdf',
    detectedFormat: 'pdf',
    declaredContentType: 'image/jpeg',
    text: 'INVOICE No. 2024-0042 Total due: 1,250.00 EUR',
    textTruncated: false,
    fullText: null,
    pageCount: 2,
    charCount: 45,
    warnings: ['TYPE_MISMATCH'],
    extractor: { name: 'pdf', version: '1.0.0' },
    extractionMs: 38,
    filename: 'IMG_2231.jpg',
    tenant: null,
    submittedAt: Date.now() - 200,
    extractedAt: Date.now(),
    parentDocumentId: null,
    pages: [
      { number: 1, start: 0, end: 21, source: 'text' },
      { number: 2, start: 23, end: 45, source: 'ocr' },
    ],
    language: 'en',
    ocrEngine: { name: 'tesseract', version: '5.3.0' },
    ...overrides,
  };
}

export function sampleClassified(overrides: Partial<DocumentClassified> = {}): DocumentClassified {
  return {
    documentId: randomUUID(),
    correlationId: randomUUID(),
    label: 'invoice',
    industry: 'finance',
    confidence: 0.93,
    topK: [
      { label: 'invoice', score: 0.93 },
      { label: 'receipt', score: 0.05 },
    ],
    model: { name: 'text-cnn', version: '2026-11-21.1' },
    needsReview: false,
    filename: 'scan_0003.pdf',
    tenant: 'acme',
    submittedAt: Date.now() - 300,
    extractedAt: Date.now() - 100,
    classifiedAt: Date.now(),
    language: 'en',
    format: 'pdf',
    pageCount: 2,
    reviewReason: null,
    ...overrides,
  };
}

export function sampleFailed(overrides: Partial<DocumentFailed> = {}): DocumentFailed {
  return {
    documentId: randomUUID(),
    stage: 'extract',
    reason: 'ENCRYPTED',
    message: 'the PDF is password-protected',
    errorClass: 'PermanentError',
    attempts: 1,
    original: {
      topic: 'documents.incoming',
      partition: 2,
      offset: 1234,
      key: Buffer.from('key'),
      value: Buffer.from([0, 0, 0, 0, 1, 2, 3]),
      headers: { traceparent: Buffer.from('00-abc') },
    },
    failedAt: Date.now(),
    ...overrides,
  };
}

export function sampleFeedback(overrides: Partial<ClassificationFeedback> = {}): ClassificationFeedback {
  return {
    documentId: randomUUID(),
    correctLabel: 'receipt',
    previousLabel: 'invoice',
    reviewer: 'jane@acme.example',
    note: null,
    tenant: null,
    at: Date.now(),
    ...overrides,
  };
}

export function sampleModelPublished(overrides: Partial<ModelPublished> = {}): ModelPublished {
  return {
    modelName: 'docsort-text-cnn',
    version: '2026.11.22',
    bucket: 'documents',
    prefix: 'models/docsort-text-cnn/2026.11.22/',
    labels: ['invoice', 'receipt', 'other'],
    dataHash: 'a'.repeat(64),
    backend: 'wasm',
    metrics: { inTemplateMacroF1: 0.99 },
    createdAt: Date.now() - 60_000,
    publishedAt: Date.now(),
    ...overrides,
  };
}

export function sampleDeleted(overrides: Partial<DocumentDeleted> = {}): DocumentDeleted {
  return {
    documentId: randomUUID(),
    childDocumentIds: [],
    removedObjects: ['documents/0', 'results/0.json'],
    requestedBy: 'api',
    deletedAt: Date.now(),
    ...overrides,
  };
}

export const sampleMessage: Record<SchemaName, () => unknown> = {
  DocumentIncoming: sampleIncoming,
  DocumentExtracted: sampleExtracted,
  DocumentClassified: sampleClassified,
  DocumentFailed: sampleFailed,
  ClassificationFeedback: sampleFeedback,
  DocumentDeleted: sampleDeleted,
  ModelPublished: sampleModelPublished,
};
