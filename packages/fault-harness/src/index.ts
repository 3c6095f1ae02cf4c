export { groupLag } from '@docsort/pipeline-metrics';
export { type CorpusDocument, faultCorpus } from './fault-corpus.ts';
export { LoadGenerator, type LoadReport, type Submission } from './load-generator.ts';
export {
  countOutcomes,
  duplicateRecords,
  type Outcome,
  type OutcomeCount,
  reportScenario,
} from './outcome-count.ts';
export { StackFaults } from './stack-faults.ts';
