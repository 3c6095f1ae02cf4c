export { classificationObserver, type ServedModel } from './classification-metrics.ts';
export { combineObservers } from './combine-observers.ts';
export {
  groupLag,
  type LaggingGroup,
  type PartitionLag,
  partitionLags,
  trackConsumerLag,
} from './consumer-lag.ts';
export { deadLetterObserver } from './dead-letter-metrics.ts';
export { dependencyCallRecorder } from './dependency-metrics.ts';
export { extractionObserver } from './extraction-metrics.ts';
export { type HttpExchange, httpExchangeRecorder } from './http-metrics.ts';
export { type InstrumentedRuntime, instrumentRuntimes } from './instrument-runtimes.ts';
export { type DriftBaseline, type DriftReading, LabelDriftWindow } from './label-drift.ts';
export { type InFlightSource, runtimeObserver, trackInFlight } from './runtime-metrics.ts';
export { createServiceMetrics, type ServiceMetrics } from './service-metrics.ts';
