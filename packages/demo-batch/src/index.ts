export {
  awaitOutcomes,
  type DocumentOutcome,
  type SubmittedDocument,
  submitDocuments,
  type UploadableFile,
} from './demo-client.ts';
export { type DemoDocument, demoDocuments } from './demo-documents.ts';
export { renderResultsTable } from './results-table.ts';
