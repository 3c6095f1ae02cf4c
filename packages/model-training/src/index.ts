export { filenameBaseline } from './filename-baseline.ts';
export { proseChunks } from './out-of-taxonomy-prose.ts';
export { type EvaluationReport, type TrainModelOptions, trainModel } from './train-model.ts';
