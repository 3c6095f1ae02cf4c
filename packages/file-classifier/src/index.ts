export { type ApiClassifyOptions, classifyThroughApi } from './api-file-classifier.ts';
export { FileClassifier, type FileClassifierOptions, type FileOutcome } from './file-classifier.ts';
export { modelDirectory } from './model-source.ts';
export { type OpenFileClassifierOptions, openFileClassifier } from './open-file-classifier.ts';
