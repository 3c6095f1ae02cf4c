export { classifiedResult, type DocumentResult, failedResult, supersedes } from './document-result.ts';
export { ResultStore } from './result-store.ts';
