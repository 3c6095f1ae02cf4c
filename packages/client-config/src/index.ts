export {
  type ClientConfig,
  createKafka,
  createSchemaRegistryClient,
  loadClientConfig,
} from './client-config.ts';
export { ConfigError, envFlag, envPositiveInt, parseEnv } from './env-config.ts';
export { verifySchemaRegistryAccess } from './schema-registry-access.ts';
