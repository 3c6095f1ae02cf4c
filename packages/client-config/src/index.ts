export {
  type ClientConfig,
  createKafka,
  createSchemaRegistryClient,
  loadClientConfig,
} from './client-config.ts';
export { ConfigError, parseEnv } from './env-config.ts';
