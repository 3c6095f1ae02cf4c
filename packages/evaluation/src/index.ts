export {
  type AutomationPoint,
  automationCurve,
  gridThresholds,
  type ScoredAnswer,
  thresholdForTargetError,
} from './automation-curve.ts';
export { automationCurvePng } from './automation-curve-image.ts';
export { confusionMatrixPng } from './confusion-matrix-image.ts';
export {
  curveTable,
  type EvaluatedDocument,
  type EvaluationMetrics,
  evaluationMetrics,
  failedLabel,
  type GroupFigures,
  type LabelFigures,
} from './evaluation-metrics.ts';
export { type EvaluationContext, evaluationMarkdown, writeEvaluationReport } from './evaluation-report.ts';
export {
  filesUnder,
  formatOfPath,
  type LabelledFile,
  LabelledFolderError,
  readLabelledFolder,
} from './labelled-folder.ts';
