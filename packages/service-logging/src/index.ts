export {
  createServiceLogger,
  type LogSettings,
  loadLogSettings,
  redactedPaths,
  type ServiceLogger,
} from './service-logger.ts';
