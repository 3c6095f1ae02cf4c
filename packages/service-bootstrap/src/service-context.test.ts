import { startScriptedRegistry } from '@docsort/avro-serde/testing';
import { ConfigError } from '@docsort/client-config';
import { createServiceLogger } from '@docsort/service-logging';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createServiceContext } from './service-context.ts';

describe('createServiceContext', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('stops start-up, naming the setting, when the schema registry refuses the password', async () => {
    const registry = await startScriptedRegistry(() => ({ status: 401, body: 'Unauthorized' }));
    vi.stubEnv('DOCSORT_SCHEMA_REGISTRY_URL', registry.url);
    vi.stubEnv('DOCSORT_SCHEMA_REGISTRY_USERNAME', 'docsort');
    vi.stubEnv('DOCSORT_SCHEMA_REGISTRY_PASSWORD', 'wrong');
    try {
      const context = createServiceContext(
        'test',
        createServiceLogger('test', { level: 'silent', format: 'json' }),
      );
      await expect(context).rejects.toBeInstanceOf(ConfigError);
      await expect(context).rejects.toThrow(/DOCSORT_SCHEMA_REGISTRY_PASSWORD/);
      expect(registry.requests).toEqual([
        expect.objectContaining({ path: '/subjects', authorization: expect.stringMatching(/^Basic /) }),
      ]);
    } finally {
      await registry.close();
    }
  });
});
