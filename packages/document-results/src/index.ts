export { type Correction, readCorrection, writeCorrection } from './correction.ts';
export { classifiedResult, type DocumentResult, failedResult, supersedes } from './document-result.ts';
export { ResultStore } from './result-store.ts';
export { type ReviewedDocument, readReviewedDocuments, writeReviewedDocument } from './reviewed-document.ts';
