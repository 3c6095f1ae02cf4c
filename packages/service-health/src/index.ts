export { dependencyChecks } from './dependency-checks.ts';
export { loadHealthPort } from './health-config.ts';
export { type CheckResult, type ReadinessCheck, startHealthServer } from './health-server.ts';
