import { type SchemaRegistryClient, SchemaRegistryError } from '@docsort/avro-serde';
import type { ClientConfig } from './client-config.ts';
import { ConfigError } from './env-config.ts';

/**
 * Asks the schema registry for its subjects once, at start-up. A 401 or 403 is a setting to fix, not an
 * outage to wait out: it throws a ConfigError naming the variable. Any other failure (the registry down or
 * slow) is left to the callers that retry registry calls, so it passes here.
 */
export async function verifySchemaRegistryAccess(
  config: ClientConfig,
  registry: SchemaRegistryClient,
): Promise<void> {
  try {
    await registry.subjects();
  } catch (error) {
    if (!(error instanceof SchemaRegistryError) || (error.status !== 401 && error.status !== 403)) return;
    throw new ConfigError(refusal(config, error.status));
  }
}

function refusal(config: ClientConfig, status: 401 | 403): string {
  const { url, auth } = config.schemaRegistry;
  if (status === 403) {
    return `DOCSORT_SCHEMA_REGISTRY_USERNAME: got ${JSON.stringify(auth?.username ?? 'nothing')}, expected a user that may read subjects at ${url} (it answered 403)`;
  }
  if (!auth) {
    return `DOCSORT_SCHEMA_REGISTRY_USERNAME and DOCSORT_SCHEMA_REGISTRY_PASSWORD: got nothing, expected credentials: ${url} answered 401`;
  }
  return `DOCSORT_SCHEMA_REGISTRY_PASSWORD: got one that ${url} refuses for user ${JSON.stringify(auth.username)} (401), expected that user's password`;
}
