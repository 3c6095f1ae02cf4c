export {
  createBucketEventStage,
  incomingForStoredObject,
  parseBucketEvent,
  type StoredObjectEvent,
} from './bucket-events.ts';
export {
  type ApiKeyEntry,
  apiKeyEntry,
  type Caller,
  CallerIdentity,
  hashApiKey,
  type OidcSettings,
  parseApiKeyEntries,
} from './caller-identity.ts';
export { configureInbox, type InboxReport } from './configure-inbox.ts';
export { type ConnectedDocumentDeletion, connectDocumentDeletion } from './connect-document-deletion.ts';
export { createIngestApi } from './create-ingest-api.ts';
export {
  type DeletionRequester,
  type DocumentDeletionDeps,
  deleteDocument,
  documentDeletionDeps,
} from './document-deletion.ts';
export type { EraseDocument } from './document-routes.ts';
export {
  DocumentSubmitter,
  type DocumentSubmitterOptions,
  type Submission,
  type SubmissionDetails,
} from './document-submitter.ts';
export { buildIngestApi, type IngestApiDeps } from './http-api.ts';
export { type IngestConfig, loadIngestConfig } from './ingest-config.ts';
export { MeasuredUpload, UploadTooLargeError } from './measured-upload.ts';
export { sanitizeFilename } from './sanitize-filename.ts';
