export { serveOperationsEndpoints } from './operations-endpoints.ts';
export { runService } from './run-service.ts';
export { createServiceContext, type ServiceContext, stageRuntime } from './service-context.ts';
