export { type ApiClassifyOptions, classifyThroughApi } from './api-file-classifier.ts';
export { FileClassifier, type FileClassifierOptions, type FileOutcome } from './file-classifier.ts';
export { type ExtractedFile, FileTextExtractor } from './file-text-extractor.ts';
export { modelDirectory } from './model-source.ts';
export {
  type OpenFileClassifierOptions,
  openFileClassifier,
  openTextExtractor,
} from './open-file-classifier.ts';
