import { createHash, timingSafeEqual } from 'node:crypto';
import { createRemoteJWKSet, type JWTVerifyGetKey, jwtVerify } from 'jose';

/** Who is calling: the tenant whose documents it may see, and who it is (recorded on what it does). */
export interface Caller {
  /** Null only without authentication (the local default), where a tenant may be named in metadata. */
  readonly tenant: string | null;
  /** `key:<tenant>/<key id>`, `oidc:<sub>` or `anonymous`: never the credential itself. */
  readonly subject: string;
  readonly authenticated: boolean;
}

/** One accepted API key: the tenant it speaks for and the SHA-256 of the key (keys are never stored). */
export interface ApiKeyEntry {
  readonly tenant: string;
  readonly sha256: Buffer;
}

export interface OidcSettings {
  readonly issuer: string;
  readonly audience: string;
  /** The claim that names the caller's tenant. */
  readonly tenantClaim: string;
  /** Where the issuer's signing keys are; unset: the `jwks_uri` of the issuer's discovery document. */
  readonly jwksUrl?: string;
}

export class AuthenticationError extends Error {
  override readonly name = 'AuthenticationError';
}

/** `sha256(key)` as it is configured: `<tenant>:<hex>` entries. */
export function hashApiKey(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

const tenantPattern = /^[A-Za-z0-9][\w.-]{0,62}$/;
const entryPattern = /^([A-Za-z0-9][\w.-]{0,62}):([0-9a-f]{64})$/;

/** The configuration entry for `key`: what `docsort api-keys create` prints. */
export function apiKeyEntry(tenant: string, key: string): string {
  if (!tenantPattern.test(tenant)) {
    throw new Error(
      `tenant "${tenant}": letters, digits, "_", "." and "-" only, at most 63, starting with a letter or digit`,
    );
  }
  return `${tenant}:${hashApiKey(key).toString('hex')}`;
}

/**
 * API-key entries, one per line or comma-separated: `<tenant>:<sha256 hex of the key>`; `#` starts a comment.
 * Throws naming the first bad entry (by position, never its text: it may be a pasted key).
 */
export function parseApiKeyEntries(text: string): ApiKeyEntry[] {
  const entries = text
    .split(/[\n,]/)
    .map((line) => line.replace(/#.*$/, '').trim())
    .filter(Boolean);
  return entries.map((entry, index) => {
    const match = entryPattern.exec(entry);
    if (!match) {
      throw new Error(
        `entry ${index + 1} is not "<tenant>:<sha256 hex of the key>" (keys are stored hashed: ` +
          '`docsort api-keys create --tenant <tenant>` makes a key and its entry)',
      );
    }
    return { tenant: match[1] as string, sha256: Buffer.from(match[2] as string, 'hex') };
  });
}

const jwtShape = /^[\w-]+\.[\w-]+\.[\w-]+$/;

/**
 * Identifies callers from `X-API-Key` or `Authorization: Bearer` (an API key, or a JWT from the configured
 * OIDC issuer). With neither keys nor an issuer configured, every caller is anonymous.
 */
export class CallerIdentity {
  readonly #keys: readonly ApiKeyEntry[];
  readonly #oidc: OidcSettings | undefined;
  #signingKeys: Promise<JWTVerifyGetKey> | undefined;

  constructor(keys: readonly ApiKeyEntry[], oidc?: OidcSettings) {
    this.#keys = keys;
    this.#oidc = oidc;
  }

  get required(): boolean {
    return this.#keys.length > 0 || this.#oidc !== undefined;
  }

  /** The caller, or an AuthenticationError saying what is wrong (never which key was close). */
  async identify(headers: Readonly<Record<string, string | string[] | undefined>>): Promise<Caller> {
    if (!this.required) return { tenant: null, subject: 'anonymous', authenticated: false };
    const apiKey = headers['x-api-key'];
    const bearer = /^Bearer\s+(\S+)$/i.exec(String(headers.authorization ?? ''))?.[1];
    if (typeof apiKey === 'string' && apiKey) return this.#byKey(apiKey);
    if (bearer && this.#oidc && jwtShape.test(bearer)) return this.#byToken(bearer, this.#oidc);
    if (bearer) return this.#byKey(bearer);
    throw new AuthenticationError(
      this.#oidc
        ? 'send an API key in X-API-Key, or Authorization: Bearer with an API key or a token of the configured issuer'
        : 'send an API key in X-API-Key or Authorization: Bearer',
    );
  }

  #byKey(key: string): Caller {
    const hash = hashApiKey(key);
    // Every entry is compared, in constant time, so the time taken says nothing about which came close.
    let found: ApiKeyEntry | undefined;
    for (const entry of this.#keys) {
      if (timingSafeEqual(entry.sha256, hash) && !found) found = entry;
    }
    if (!found) throw new AuthenticationError('the API key is not valid');
    return {
      tenant: found.tenant,
      subject: `key:${found.tenant}/${found.sha256.toString('hex').slice(0, 8)}`,
      authenticated: true,
    };
  }

  async #byToken(token: string, oidc: OidcSettings): Promise<Caller> {
    this.#signingKeys ??= signingKeys(oidc).catch((error: Error) => {
      this.#signingKeys = undefined;
      throw error;
    });
    let claims: Record<string, unknown>;
    try {
      ({ payload: claims } = await jwtVerify(token, await this.#signingKeys, {
        issuer: oidc.issuer,
        audience: oidc.audience,
      }));
    } catch (error) {
      throw new AuthenticationError(`the bearer token is not valid: ${(error as Error).message}`);
    }
    const tenant = claims[oidc.tenantClaim];
    if (typeof tenant !== 'string' || !tenant) {
      throw new AuthenticationError(`the bearer token has no "${oidc.tenantClaim}" claim naming a tenant`);
    }
    return { tenant, subject: `oidc:${String(claims.sub ?? 'unknown')}`, authenticated: true };
  }
}

/** The issuer's key set, from `jwksUrl` or its discovery document; jose caches and refreshes the keys. */
async function signingKeys(oidc: OidcSettings): Promise<JWTVerifyGetKey> {
  if (oidc.jwksUrl) return createRemoteJWKSet(new URL(oidc.jwksUrl));
  const discovery = `${oidc.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
  const response = await fetch(discovery, { signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`${discovery} answered ${response.status}`);
  const { jwks_uri: jwksUri } = (await response.json()) as { jwks_uri?: string };
  if (!jwksUri) throw new Error(`${discovery} names no jwks_uri`);
  return createRemoteJWKSet(new URL(jwksUri));
}
