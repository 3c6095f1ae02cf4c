import { SchemaRegistryClient } from '@docsort/avro-serde';
import {
  basicAuthorization,
  type ScriptedRegistry,
  startScriptedRegistry,
} from '@docsort/avro-serde/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schemaRegistryCheck } from './dependency-checks.ts';

const credentials = { username: 'docsort', password: 's3cret' };

describe('schemaRegistryCheck', () => {
  // Apicurio runs without auth here: a local server stands in for a registry that demands Basic auth.
  let registry: ScriptedRegistry;
  beforeAll(async () => {
    registry = await startScriptedRegistry(({ authorization }) =>
      authorization === basicAuthorization(credentials.username, credentials.password)
        ? { status: 200, body: ['documents.incoming-value'] }
        : { status: 401, body: { error_code: 401, message: 'Unauthorized' } },
    );
  });
  afterAll(() => registry.close());

  it('is ready when the registry accepts the client’s credentials', async () => {
    const check = schemaRegistryCheck(new SchemaRegistryClient({ url: registry.url, auth: credentials }));
    expect(await check()).toEqual({ ok: true });
  });

  it('is not ready, saying why, when the registry refuses them', async () => {
    for (const auth of [undefined, { ...credentials, password: 'wrong' }]) {
      const check = schemaRegistryCheck(
        new SchemaRegistryClient({ url: registry.url, ...(auth ? { auth } : {}) }),
      );
      const result = await check();
      expect(result.ok).toBe(false);
      expect(result).toMatchObject({ reason: expect.stringMatching(/401 Unauthorized/) });
      expect(result).toMatchObject({ reason: expect.stringContaining(registry.url) });
    }
  });
});
