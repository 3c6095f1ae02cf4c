export { filenameBaseline } from './filename-baseline.ts';
export { type BaselinePrediction, LogisticRegressionBaseline } from './logistic-regression-baselines.ts';
export {
  type DocumentLabeller,
  evaluateOnTestSets,
  misleadingName,
  type TestSetMetrics,
} from './model-evaluation.ts';
export {
  type PromotionDecision,
  promotionDecision,
  renderShadowEvaluation,
  type ShadowComparison,
  type ShadowDocument,
  type ShadowEvaluationOptions,
  type ShadowScore,
  type ShadowVerdict,
  shadowDefaults,
  shadowEvaluation,
  shadowMetrics,
} from './shadow-evaluation.ts';
export {
  type EvaluationReport,
  type PreparedTrainingData,
  preparedTrainingData,
  type RealDocumentsReport,
  type TrainedModel,
  type TrainingDataRecipe,
  type TrainModelOptions,
  trainModel,
} from './train-model.ts';
export { type TestDocument, type TrainingData, trainingData } from './training-data.ts';
export {
  type AddedExample,
  addTrainingExamples,
  type ExampleFile,
  type LabelledExample,
  loadTrainingExamples,
} from './training-examples.ts';
