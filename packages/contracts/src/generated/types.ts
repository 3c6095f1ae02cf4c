// Generated from schemas/*.avsc by `pnpm --filter @docsort/contracts generate`. Do not edit:
// change the schema and generate again (a test fails while this file and the schemas disagree).

/** A reviewer's correction of a classification, used for retraining. Topic: documents.feedback, keyed by documentId. */
export interface ClassificationFeedback {
  documentId: string;
  correctLabel: string;
  previousLabel: null | string;
  reviewer: string;
  note: null | string;
  at: number;
  /** The tenant whose document was corrected: its copy trains only that tenant's models. Null: no tenant (no authentication). */
  tenant: null | string;
}

export interface LabelScore {
  label: string;
  score: number;
}

export interface ModelInfo {
  name: string;
  version: string;
}

/** What a document is. Topics: documents.classified (all) and documents.review (those below their confidence threshold), keyed by documentId. */
export interface DocumentClassified {
  documentId: string;
  correlationId: string;
  /** A label of the taxonomy, or other. */
  label: string;
  industry: string;
  confidence: number;
  topK: Array<LabelScore>;
  model: ModelInfo;
  needsReview: boolean;
  filename: string;
  tenant: null | string;
  submittedAt: number;
  extractedAt: number;
  classifiedAt: number;
  /** The document's language as the extract stage detected it, ISO 639-1 (e.g. fr). */
  language: null | string;
  /** The document's format as the extract stage detected it from its bytes (pdf, docx, png…); null in records from before it was recorded. */
  format: null | string;
  /** Pages, for paged formats (PDF, images); null otherwise. What a reviewer pages through. */
  pageCount: null | number;
  /** Why needsReview: low_confidence (confidence below the label's review threshold) or unfamiliar (too little evidence for any label, however confident: an out-of-taxonomy or unreadable document); null when auto-accepted, and in records from before it was recorded. */
  reviewReason: null | string;
}

/** A document erased on request (GDPR Art. 17): its stored state is gone and must not come back from a replay. Topic: documents.deleted (compacted: the last record of each document is kept for good), keyed by documentId. */
export interface DocumentDeleted {
  documentId: string;
  /** Documents found inside it (e-mail attachments, archive entries), erased with it. */
  childDocumentIds: Array<string>;
  /** Keys removed from the documents bucket, its children's included. */
  removedObjects: Array<string>;
  /** Who asked: the API caller (key:<tenant>/<key id>, oidc:<sub>, anonymous) or cli. */
  requestedBy: string;
  deletedAt: number;
}

export interface ObjectLocation {
  bucket: string;
  key: string;
  versionId: null | string;
  etag: null | string;
}

export interface ExtractorInfo {
  name: string;
  version: string;
}

export interface PageSpan {
  /** 1-based. */
  number: number;
  start: number;
  /** Exclusive. */
  end: number;
  /** text (its text layer), ocr, or not_read (beyond DOCSORT_EXTRACT_MAX_OCR_PAGES). */
  source: string;
}

/** The text and metadata the extract stage got out of a document. Topic: documents.extracted, keyed by documentId. */
export interface DocumentExtracted {
  documentId: string;
  correlationId: string;
  /** The original document's location. */
  source: ObjectLocation;
  /** From the bytes (magic numbers), e.g. application/pdf. */
  detectedMediaType: string;
  /** Short format name, e.g. pdf, docx, xlsx, png. */
  detectedFormat: string;
  declaredContentType: null | string;
  /** The text, inline up to the configured limit. */
  text: string;
  /** True when text holds only the start; fullText has all of it. */
  textTruncated: boolean;
  /** The whole text as an object, when longer than the inline limit. */
  fullText: null | ObjectLocation;
  pageCount: null | number;
  charCount: number;
  /** Codes such as NO_TEXT_LAYER or TYPE_MISMATCH. */
  warnings: Array<string>;
  extractor: ExtractorInfo;
  /** Time spent extracting. */
  extractionMs: number;
  filename: string;
  tenant: null | string;
  submittedAt: number;
  extractedAt: number;
  /** Set on a document found inside another (an e-mail attachment, an archive entry). */
  parentDocumentId: null | string;
  /** For paged formats (PDF, images): where each page is in the text (character offsets into the whole text, fullText when the inline text is cut) and how it was read. Null for other formats. */
  pages: null | Array<PageSpan>;
  /** Detected language of the text, ISO 639-1 (e.g. fr); null when too little text or unsure. */
  language: null | string;
  /** The OCR engine that read pages of the document (tesseract, or the tesseract.js fallback), if any. */
  ocrEngine: null | ExtractorInfo;
}

export const failureReasonSymbols = ['UNSUPPORTED_TYPE', 'ENCRYPTED', 'CORRUPT', 'TOO_LARGE', 'EMPTY', 'TIMEOUT', 'SCHEMA_INVALID', 'OBJECT_MISSING', 'INTERNAL'] as const;
export type FailureReason = (typeof failureReasonSymbols)[number];

export interface OriginalRecord {
  topic: string;
  partition: number;
  offset: number;
  key: null | Buffer;
  value: null | Buffer;
  headers: Record<string, Buffer>;
}

/** A record that a stage could not process: the reason and the original bytes, for inspection and replay. Topic: documents.dlq. */
export interface DocumentFailed {
  /** Null when the record could not even be decoded. */
  documentId: null | string;
  /** ingest, extract, classify or sink. */
  stage: string;
  /** Readers that do not know a newer symbol read it as INTERNAL. */
  reason: FailureReason;
  message: string;
  errorClass: null | string;
  attempts: number;
  original: OriginalRecord;
  failedAt: number;
}

export const documentOriginSymbols = ['HTTP_UPLOAD', 'BUCKET_NOTIFICATION', 'DIRECT'] as const;
export type DocumentOrigin = (typeof documentOriginSymbols)[number];

/** A document that entered docsort (HTTP upload, bucket notification or direct produce), stored in object storage. Topic: documents.incoming, keyed by documentId. */
export interface DocumentIncoming {
  /** Assigned at ingest; the record key on every topic. */
  documentId: string;
  /** Where the original bytes are. */
  object: ObjectLocation;
  /** Bytes. */
  size: number;
  /** Hex digest of the content, when the producer computed it. */
  sha256: null | string;
  /** The name the file came with. May be wrong or misleading: never used to classify. */
  filename: string;
  /** The content type the producer claimed; the extract stage detects the real one. */
  declaredContentType: null | string;
  tenant: null | string;
  origin: DocumentOrigin;
  submittedAt: number;
  /** Ties every record and log line of one submission together. */
  correlationId: string;
  /** Free-form producer metadata, carried along. */
  attributes: Record<string, string>;
  /** Set on a document found inside another (an e-mail attachment, an archive entry). */
  parentDocumentId: null | string;
  /** The original bytes again, when small enough to travel with the record (HTTP uploads up to DOCSORT_INGEST_INLINE_MAX_BYTES): extract reads them from here instead of fetching the object. The object stays the stored original either way. */
  content: null | Buffer;
}

/** A trained model was published to the object store and may be rolled out. Topic: models.published, keyed by the model's name. */
export interface ModelPublished {
  modelName: string;
  version: string;
  bucket: string;
  /** models/<name>/<version>/: model.json, weights.bin, tokenizer.json, manifest.json, metrics.json, report.md, confusion-matrix.png */
  prefix: string;
  labels: Array<string>;
  /** sha256 of the training data */
  dataHash: string;
  /** TF.js backend the model was trained on */
  backend: string;
  /** headline evaluation figures, e.g. outOfTemplateMacroF1 */
  metrics: Record<string, number>;
  createdAt: number;
  publishedAt: number;
}

/** The top-level record of each schema file. */
export type SchemaName = 'ClassificationFeedback' | 'DocumentClassified' | 'DocumentDeleted' | 'DocumentExtracted' | 'DocumentFailed' | 'DocumentIncoming' | 'ModelPublished';
