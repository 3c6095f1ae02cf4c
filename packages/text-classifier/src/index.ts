export {
  type ClassificationMetrics,
  classificationMetrics,
  eceIfCalibrated,
  type Prediction,
} from './classification-metrics.ts';
export { ClassifierPool } from './classifier-pool.ts';
export { type DocumentWindows, documentProbabilities } from './combine-windows.ts';
export { fitEvidenceFloor, labelEvidence } from './label-evidence.ts';
export { defaultModelDir, loadLayersModel, saveLayersModel } from './model-files.ts';
export { applyTemperature, fitTemperature } from './temperature-scaling.ts';
export { type BackendName, selectBackend, tf } from './tensorflow-backend.ts';
export {
  type Classification,
  type DocumentInput,
  defaultWindows,
  type LabelScore,
  type ModelManifest,
  type ServingModel,
  TextClassifier,
  toTensors,
} from './text-classifier.ts';
export {
  buildTextCnn,
  ensembleTextCnn,
  foldPretrainedWords,
  memberCount,
  ShiftedWindows,
  servingTextCnn,
} from './text-cnn.ts';
export { buildVocabulary, Tokenizer, type TokenizerConfig, wordsOf } from './tokenizer.ts';
export {
  type LabelledText,
  type PretrainedWordVectors,
  shuffled,
  type TrainedTextCnn,
  type TrainingOptions,
  trainTextCnn,
} from './train-text-cnn.ts';
