export { dependencyChecks, kafkaCheck, schemaRegistryCheck } from './dependency-checks.ts';
export { loadHealthPort } from './health-config.ts';
export {
  type CheckResult,
  type MetricsScrape,
  type ReadinessCheck,
  startHealthServer,
} from './health-server.ts';
