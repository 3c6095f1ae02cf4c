export {
  createFailureSinkStage,
  createFeedbackSinkStage,
  createResultSinkStage,
  type SinkStageOptions,
} from './sink-stages.ts';
