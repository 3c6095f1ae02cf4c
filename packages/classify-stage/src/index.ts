export { type ClassifyConfig, loadClassifyConfig } from './classify-config.ts';
export { type ClassifyStageOptions, createClassifyStage } from './classify-stage.ts';
export { LiveModel } from './live-model.ts';
export { loadServingModel, type ModelSourceOptions, ModelWatcher } from './model-watcher.ts';
export { type RoutedLabel, reviewRouting } from './review-routing.ts';
export { shadowEvaluationGauges } from './shadow-evaluation-metrics.ts';
