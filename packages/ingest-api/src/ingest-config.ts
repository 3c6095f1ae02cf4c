import { readFileSync } from 'node:fs';
import {
  ConfigError,
  envFlag as flag,
  parseEnv,
  envPositiveInt as positiveInt,
} from '@docsort/client-config';
import { z } from 'zod';
import { type ApiKeyEntry, type OidcSettings, parseApiKeyEntries } from './caller-identity.ts';

const ingestEnvSchema = z.object({
  DOCSORT_INGEST_HOST: z.string().min(1).default('127.0.0.1'),
  DOCSORT_INGEST_PORT: z.coerce.number({ message: 'a port number' }).int().min(0).max(65535).default(8080),
  DOCSORT_INGEST_MAX_UPLOAD_BYTES: positiveInt(50 * 1024 * 1024),
  DOCSORT_INGEST_MAX_FILES: positiveInt(20),
  DOCSORT_INGEST_OIDC_ISSUER: z.url({ message: 'the issuer URL' }).optional(),
  DOCSORT_INGEST_OIDC_AUDIENCE: z.string().min(1).optional(),
  DOCSORT_INGEST_OIDC_TENANT_CLAIM: z.string().min(1).default('tenant'),
  DOCSORT_INGEST_OIDC_JWKS_URL: z.url({ message: 'the JWKS URL' }).optional(),
  DOCSORT_INGEST_DEDUPLICATE: flag('false'),
  DOCSORT_INGEST_RETRY_AFTER_SECONDS: positiveInt(2),
  DOCSORT_INGEST_REQUEST_TIMEOUT_MS: positiveInt(120_000),
  DOCSORT_INGEST_MAX_CONCURRENT_UPLOADS: positiveInt(64),
  // Kafka's default record limit is 1 MiB: inlined bytes must leave room for the rest of the record.
  DOCSORT_INGEST_INLINE_MAX_BYTES: z.coerce
    .number({ message: 'a number of bytes' })
    .int()
    .min(0)
    .max(512 * 1024, 'at most 524288 (Kafka records are limited to 1 MiB by default)')
    .default(128 * 1024),
});

export interface IngestConfig {
  readonly host: string;
  readonly port: number;
  readonly maxUploadBytes: number;
  readonly maxFilesPerRequest: number;
  /**
   * Accepted API keys (hashed), each speaking for its tenant. With neither keys nor `oidc`: no authentication
   * (the local default), and a tenant may be named in an upload's metadata.
   */
  readonly apiKeys: readonly ApiKeyEntry[];
  /** Bearer tokens (JWT) of this issuer and audience are accepted too; the tenant is one of their claims. */
  readonly oidc?: OidcSettings;
  /** The same content (sha256) for the same tenant returns the first upload's documentId. */
  readonly deduplicate: boolean;
  readonly retryAfterSeconds: number;
  /** A request (an upload included) must arrive whole within this; a slow-loris client gets 408. */
  readonly requestTimeoutMs: number;
  /** Uploads in progress at once; more are answered 503 with Retry-After instead of queueing. */
  readonly maxConcurrentUploads: number;
  /**
   * Uploads up to this size also travel in their documents.incoming record (`content`), so extract needs no
   * read from the object store; 0: never.
   */
  readonly inlineMaxBytes: number;
}

export function loadIngestConfig(env: NodeJS.ProcessEnv = process.env): IngestConfig {
  const e = parseEnv(ingestEnvSchema, env);
  return {
    host: e.DOCSORT_INGEST_HOST,
    port: e.DOCSORT_INGEST_PORT,
    maxUploadBytes: e.DOCSORT_INGEST_MAX_UPLOAD_BYTES,
    maxFilesPerRequest: e.DOCSORT_INGEST_MAX_FILES,
    apiKeys: loadApiKeys(env),
    ...(e.DOCSORT_INGEST_OIDC_ISSUER ? { oidc: oidcSettings(e) } : {}),
    deduplicate: e.DOCSORT_INGEST_DEDUPLICATE,
    retryAfterSeconds: e.DOCSORT_INGEST_RETRY_AFTER_SECONDS,
    requestTimeoutMs: e.DOCSORT_INGEST_REQUEST_TIMEOUT_MS,
    maxConcurrentUploads: e.DOCSORT_INGEST_MAX_CONCURRENT_UPLOADS,
    inlineMaxBytes: e.DOCSORT_INGEST_INLINE_MAX_BYTES,
  };
}

/**
 * DOCSORT_INGEST_API_KEYS (comma-separated) and DOCSORT_INGEST_API_KEYS_FILE (one per line: a mounted
 * Secret), both `<tenant>:<sha256 hex>`. Errors name the variable, never the value: it may hold a real key.
 */
function loadApiKeys(env: NodeJS.ProcessEnv): ApiKeyEntry[] {
  const sources: Array<[string, () => string]> = [
    ['DOCSORT_INGEST_API_KEYS', () => env.DOCSORT_INGEST_API_KEYS ?? ''],
    [
      'DOCSORT_INGEST_API_KEYS_FILE',
      () => (env.DOCSORT_INGEST_API_KEYS_FILE ? readFileSync(env.DOCSORT_INGEST_API_KEYS_FILE, 'utf8') : ''),
    ],
  ];
  return sources.flatMap(([variable, read]) => {
    try {
      return parseApiKeyEntries(read());
    } catch (error) {
      throw new ConfigError(`invalid configuration:\n  ${variable}: ${(error as Error).message}`);
    }
  });
}

function oidcSettings(e: z.output<typeof ingestEnvSchema>): OidcSettings {
  if (!e.DOCSORT_INGEST_OIDC_AUDIENCE) {
    throw new ConfigError(
      'invalid configuration:\n  DOCSORT_INGEST_OIDC_AUDIENCE: got nothing, expected the audience tokens must name (DOCSORT_INGEST_OIDC_ISSUER is set)',
    );
  }
  return {
    issuer: e.DOCSORT_INGEST_OIDC_ISSUER as string,
    audience: e.DOCSORT_INGEST_OIDC_AUDIENCE,
    tenantClaim: e.DOCSORT_INGEST_OIDC_TENANT_CLAIM,
    ...(e.DOCSORT_INGEST_OIDC_JWKS_URL ? { jwksUrl: e.DOCSORT_INGEST_OIDC_JWKS_URL } : {}),
  };
}
