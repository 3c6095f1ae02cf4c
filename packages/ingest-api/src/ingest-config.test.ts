import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiKeyEntry, hashApiKey } from './caller-identity.ts';
import { loadIngestConfig } from './ingest-config.ts';

const entry = (tenant: string, key: string) => `${tenant}:${hashApiKey(key).toString('hex')}`;

describe('loadIngestConfig: authentication', () => {
  it('reads hashed API keys from the variable and from a mounted file, each with its tenant', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'keys-')), 'api-keys');
    writeFileSync(file, `# rotated 2026-12\n${entry('globex', 'k2')}\n\n${entry('initech', 'k3')}\n`);
    const config = loadIngestConfig({
      DOCSORT_INGEST_API_KEYS: entry('acme', 'k1'),
      DOCSORT_INGEST_API_KEYS_FILE: file,
    });
    expect(config.apiKeys.map((key) => key.tenant)).toEqual(['acme', 'globex', 'initech']);
    expect(config.apiKeys[0]?.sha256.equals(hashApiKey('k1'))).toBe(true);
  });

  it('refuses a key that is not hashed, naming the variable but never echoing the value', () => {
    expect(() => loadIngestConfig({ DOCSORT_INGEST_API_KEYS: 'plain-secret-key' })).toThrow(
      /DOCSORT_INGEST_API_KEYS: entry 1 is not "<tenant>:<sha256 hex of the key>"/,
    );
    expect(() => loadIngestConfig({ DOCSORT_INGEST_API_KEYS: 'plain-secret-key' })).not.toThrow(
      /plain-secret/,
    );
  });

  it('needs an audience with an OIDC issuer, and reads the tenant claim (default "tenant")', () => {
    expect(() => loadIngestConfig({ DOCSORT_INGEST_OIDC_ISSUER: 'https://login.example.test/' })).toThrow(
      /DOCSORT_INGEST_OIDC_AUDIENCE/,
    );
    const config = loadIngestConfig({
      DOCSORT_INGEST_OIDC_ISSUER: 'https://login.example.test/',
      DOCSORT_INGEST_OIDC_AUDIENCE: 'docsort',
    });
    expect(config.oidc).toEqual({
      issuer: 'https://login.example.test/',
      audience: 'docsort',
      tenantClaim: 'tenant',
    });
    expect(loadIngestConfig({}).oidc).toBeUndefined();
  });
});

describe('apiKeyEntry', () => {
  it('gives the entry the service accepts for a key, and refuses a tenant it could not parse back', () => {
    const config = loadIngestConfig({ DOCSORT_INGEST_API_KEYS: apiKeyEntry('acme-eu', 'dsk_k') });
    expect(config.apiKeys[0]).toEqual({ tenant: 'acme-eu', sha256: hashApiKey('dsk_k') });
    expect(() => apiKeyEntry('acme:eu', 'k')).toThrow(/tenant "acme:eu"/);
  });
});
