export { kafkajsLogCreator } from './kafkajs-log-creator.ts';
export {
  createServiceLogger,
  type LogSettings,
  loadLogSettings,
  redactedPaths,
  type ServiceLogger,
} from './service-logger.ts';
