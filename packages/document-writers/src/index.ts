export * from './document-writers.ts';
