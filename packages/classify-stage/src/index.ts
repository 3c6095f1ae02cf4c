export { type ClassifyConfig, loadClassifyConfig } from './classify-config.ts';
export { type ClassifyStageOptions, createClassifyStage } from './classify-stage.ts';
export { LiveModel } from './live-model.ts';
export { type ModelSourceOptions, ModelWatcher } from './model-watcher.ts';
