import { SchemaRegistryClient } from '@docsort/avro-serde';
import {
  basicAuthorization,
  type ScriptedRegistry,
  startScriptedRegistry,
} from '@docsort/avro-serde/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadClientConfig } from './client-config.ts';
import { ConfigError } from './env-config.ts';
import { verifySchemaRegistryAccess } from './schema-registry-access.ts';

describe('verifySchemaRegistryAccess', () => {
  // Answers 200 to docsort:right, 403 to reader:right (no read access), 401 to anything else.
  let registry: ScriptedRegistry;
  beforeAll(async () => {
    registry = await startScriptedRegistry(({ authorization }) => {
      if (authorization === basicAuthorization('docsort', 'right')) return { status: 200, body: [] };
      if (authorization === basicAuthorization('reader', 'right')) return { status: 403, body: 'Forbidden' };
      return { status: 401, body: { error_code: 401, message: 'Unauthorized' } };
    });
  });
  afterAll(() => registry.close());

  async function verify(username?: string, password?: string): Promise<void> {
    const config = loadClientConfig({
      DOCSORT_SCHEMA_REGISTRY_URL: registry.url,
      ...(username ? { DOCSORT_SCHEMA_REGISTRY_USERNAME: username } : {}),
      ...(password ? { DOCSORT_SCHEMA_REGISTRY_PASSWORD: password } : {}),
    });
    await verifySchemaRegistryAccess(config, new SchemaRegistryClient(config.schemaRegistry));
  }

  it('passes when the registry accepts the credentials', async () => {
    await expect(verify('docsort', 'right')).resolves.toBeUndefined();
  });

  it('a refused password stops start-up with a ConfigError naming the variable', async () => {
    const failure = verify('docsort', 'wrong');
    await expect(failure).rejects.toBeInstanceOf(ConfigError);
    await expect(failure).rejects.toThrow(/^DOCSORT_SCHEMA_REGISTRY_PASSWORD: .*401/);
    await expect(failure).rejects.not.toThrow(/wrong/);
  });

  it('missing credentials and a user without access are named too', async () => {
    await expect(verify()).rejects.toThrow(
      /^DOCSORT_SCHEMA_REGISTRY_USERNAME and DOCSORT_SCHEMA_REGISTRY_PASSWORD: got nothing/,
    );
    await expect(verify('reader', 'right')).rejects.toThrow(
      /^DOCSORT_SCHEMA_REGISTRY_USERNAME: got "reader".*403/,
    );
  });

  it('leaves a registry that does not answer to the callers that retry', async () => {
    const down = await startScriptedRegistry(() => ({ status: 503, body: '<html>unavailable</html>' }));
    const config = loadClientConfig({ DOCSORT_SCHEMA_REGISTRY_URL: down.url });
    try {
      await expect(
        verifySchemaRegistryAccess(config, new SchemaRegistryClient(config.schemaRegistry)),
      ).resolves.toBeUndefined();
    } finally {
      await down.close();
    }
  });
});
