import { apiKeyEntry, CallerIdentity, loadIngestConfig } from '@docsort/ingest-api';
import { describe, expect, it } from 'vitest';
import { demoCredential } from './demo-credential.ts';

describe('demoCredential', () => {
  it('sends nothing when the API needs no credential', () => {
    expect(demoCredential({})).toEqual({ serviceEnv: {}, headers: {} });
  });

  it('with API keys configured, adds a demo key the ingest service accepts, and keeps the configured ones', async () => {
    const configured = apiKeyEntry('acme', 'dsk_acme');
    const { serviceEnv, headers } = demoCredential({ DOCSORT_INGEST_API_KEYS: configured });
    const service = loadIngestConfig(serviceEnv);
    const identity = new CallerIdentity(service.apiKeys);
    expect(await identity.identify(headers)).toMatchObject({ tenant: 'demo', authenticated: true });
    expect(await identity.identify({ 'x-api-key': 'dsk_acme' })).toMatchObject({ tenant: 'acme' });
  });

  it('with only an OIDC issuer configured, still gives the demo a key', () => {
    const { serviceEnv, headers } = demoCredential({
      DOCSORT_INGEST_OIDC_ISSUER: 'https://login.example.test/',
      DOCSORT_INGEST_OIDC_AUDIENCE: 'docsort',
    });
    expect(headers['x-api-key']).toMatch(/^dsk_demo_/);
    expect(loadIngestConfig(serviceEnv).apiKeys.map((key) => key.tenant)).toEqual(['demo']);
  });
});
