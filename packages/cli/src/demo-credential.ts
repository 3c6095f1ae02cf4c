import { randomBytes } from 'node:crypto';
import { apiKeyEntry, loadIngestConfig } from '@docsort/ingest-api';

/**
 * What the demo batch sends its documents with. Without authentication, nothing. With it (API keys or an
 * OIDC issuer configured), the configured keys are hashes `start` cannot use: it mints a one-off key for
 * tenant `demo`, accepted by the ingest service it starts beside the configured ones, and gone with it.
 */
export function demoCredential(env: NodeJS.ProcessEnv): {
  readonly serviceEnv: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string>>;
} {
  const config = loadIngestConfig(env);
  if (!config.apiKeys.length && !config.oidc) return { serviceEnv: {}, headers: {} };
  const key = `dsk_demo_${randomBytes(24).toString('base64url')}`;
  const keys = [env.DOCSORT_INGEST_API_KEYS, apiKeyEntry('demo', key)].filter(Boolean).join(',');
  return { serviceEnv: { DOCSORT_INGEST_API_KEYS: keys }, headers: { 'x-api-key': key } };
}
