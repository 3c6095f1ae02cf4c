export { writeBenchResults } from './bench-results.ts';
export { startBenchStack } from './bench-stack.ts';
export { findPrometheus } from './components/prometheus.ts';
export {
  findJavaRuntime,
  JavaNotFoundError,
  type JavaRuntime,
} from './java-runtime.ts';
export {
  type ComponentState,
  type ComponentStatus,
  componentNames,
  LocalStack,
  type LocalStackOptions,
  PortInUseError,
  type StackLog,
  StackStartError,
  shownPath,
} from './local-stack.ts';
export {
  isProcessAlive,
  type ProcessRecord,
  readProcessRecord,
} from './managed-process.ts';
export { pinnedVersions } from './pinned-versions.ts';
export {
  healthPorts,
  type PipelineServiceName,
  type PipelineServicesOptions,
  pipelineServiceNames,
  prometheusTargetsDir,
  type RunningService,
  startPipelineService,
  startPipelineServices,
  stopPipelineServices,
  waitForServicesReady,
} from './pipeline-services.ts';
export { findRepoRoot } from './repo-root.ts';
export type { ComponentName } from './stack-component.ts';
export {
  loadStackConfig,
  type StackConfig,
  StackConfigError,
} from './stack-config.ts';
export {
  clientEnvFor,
  nativeStackEndpoints,
  type StackEndpoints,
} from './stack-endpoints.ts';
export { WaitTimeoutError, waitUntil } from './wait-until.ts';
