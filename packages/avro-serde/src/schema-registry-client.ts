import { type DependencyCallListener, measuredCall } from '@docsort/contracts';
import { COMPATIBILITY, SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import type avro from 'avsc';
import {
  isRetriableStatus,
  registryErrorOf,
  SchemaIncompatibleError,
  SchemaRegistryError,
} from './schema-registry-error.ts';

export interface SchemaRegistryClientOptions {
  /** Base URL of a Confluent-compatible API, e.g. http://127.0.0.1:8081/apis/ccompat/v7. */
  readonly url: string;
  readonly auth?: { readonly username: string; readonly password: string };
  /** How long one HTTP request may take before it fails as retriable. */
  readonly timeoutMs?: number;
  /** Told of every request (for metrics): its route with names elided, how long it took, whether it failed. */
  readonly onCall?: DependencyCallListener;
}

/** `GET /subjects/documents.incoming-value/versions` → `GET /subjects/{subject}/versions`: a bounded label. */
function routeOf(method: string, path: string): string {
  const template = (path.split('?')[0] ?? '')
    .replace(/\/(subjects|config)\/[^/]+/g, '/$1/{subject}')
    .replace(/\/ids\/[^/]+/g, '/ids/{id}')
    .replace(/\/versions\/[^/]+/g, '/versions/{version}');
  return `${method.toUpperCase()} ${template}`;
}

export type CompatibilityLevel = 'BACKWARD' | 'BACKWARD_TRANSITIVE' | 'FORWARD' | 'FULL' | 'NONE';

/** The library's HTTP layer (mappersmith): the parts of a request and a middleware that this file uses. */
interface HttpRequest {
  method(): string;
  path(): string;
  enhance(extras: { timeout?: number }): HttpRequest;
}
type HttpMiddleware = () => {
  prepareRequest?(next: () => Promise<HttpRequest>): Promise<HttpRequest>;
  response?(next: () => Promise<unknown>, renew: unknown, request: HttpRequest): Promise<unknown>;
};

const contentType = 'application/vnd.schemaregistry.v1+json';

/**
 * The schema registry calls docsort needs. Registration, lookup, schemas by id and decoding go through
 * @kafkajs/confluent-schema-registry; the calls it does not offer (setting a subject's compatibility,
 * checking a schema against it, listing and deleting subjects) are plain requests here.
 * Every failure is a SchemaRegistryError (`status`, `retriable`) or, for a rejected version,
 * a SchemaIncompatibleError.
 */
export class SchemaRegistryClient {
  readonly url: string;
  readonly #library: SchemaRegistry;
  readonly #headers: Record<string, string>;
  readonly #timeoutMs: number;
  readonly #onCall: SchemaRegistryClientOptions['onCall'];

  constructor(options: SchemaRegistryClientOptions) {
    this.url = options.url.replace(/\/+$/, '');
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#onCall = options.onCall;
    this.#headers = { accept: contentType, 'content-type': contentType };
    if (options.auth) {
      const token = Buffer.from(`${options.auth.username}:${options.auth.password}`).toString('base64');
      this.#headers.authorization = `Basic ${token}`;
    }
    const timeoutAndMetrics: HttpMiddleware = () => ({
      prepareRequest: (next) => next().then((request) => request.enhance({ timeout: this.#timeoutMs })),
      response: (next, _renew, request) =>
        measuredCall(this.#onCall, routeOf(request.method(), request.path()), next),
    });
    this.#library = new SchemaRegistry({
      host: this.url,
      clientId: 'docsort',
      ...(options.auth ? { auth: { ...options.auth } } : {}),
      // No retries inside the client: the caller (the stream runtime) retries by the error's `retriable`,
      // with its own backoff, and a record must not sit in hidden retries past its deadline.
      retry: { retries: 0 },
      middlewares: [timeoutAndMetrics as never],
    });
  }

  /**
   * Registers `schema` under `subject` (a no-op returning the same id when it is already there). A new subject
   * gets BACKWARD compatibility; an existing one must already have it (`setCompatibility`).
   */
  async register(subject: string, schema: string): Promise<number> {
    try {
      const { id } = await this.#library.register(
        { type: SchemaType.AVRO, schema },
        { subject, compatibility: COMPATIBILITY.BACKWARD },
      );
      return id;
    } catch (error) {
      const failure = registryErrorOf(error, `register under ${subject}`);
      if (failure.status === 409) throw new SchemaIncompatibleError(subject, [failure.message]);
      throw failure;
    }
  }

  /** The id of `schema` if it is registered under `subject`, otherwise undefined. */
  async lookup(subject: string, schema: string): Promise<number | undefined> {
    try {
      return await this.#library.getRegistryIdBySchema(subject, { type: SchemaType.AVRO, schema });
    } catch (error) {
      // The library turns exactly the 404 (no such subject or schema) into its base error class.
      if ((error as Error).name === 'ConfluentSchemaRegistryError') return undefined;
      throw registryErrorOf(error, `look up a schema under ${subject}`);
    }
  }

  /** The schema registered with `id` (cached for good: ids are immutable). Unknown id: status 404. */
  async writerType(id: number): Promise<avro.Type> {
    try {
      return (await this.#library.getSchema(id)) as unknown as avro.Type;
    } catch (error) {
      throw registryErrorOf(error, `schema ${id}`);
    }
  }

  /**
   * Decodes Confluent-framed Avro with its writer's schema resolved to `readerSchema`. Registry failures are
   * SchemaRegistryErrors; anything else (a body that does not decode, schemas that do not resolve) is thrown
   * as it comes.
   */
  async decode(bytes: Buffer, readerSchema: object): Promise<unknown> {
    // Fetch (or find cached) the writer's schema first, so that registry failures are told apart.
    await this.writerType(bytes.readUInt32BE(1));
    return this.#library.decode(bytes, { [SchemaType.AVRO]: { readerSchema: readerSchema as never } });
  }

  async setCompatibility(subject: string, level: CompatibilityLevel): Promise<void> {
    await this.#request('PUT', `/config/${encodeURIComponent(subject)}`, { compatibility: level });
  }

  /** Whether `schema` may become the next version of `subject` (true when the subject does not exist yet). */
  async checkCompatibility(
    subject: string,
    schema: string,
  ): Promise<{ compatible: boolean; messages: string[] }> {
    try {
      const result = (await this.#request(
        'POST',
        `/compatibility/subjects/${encodeURIComponent(subject)}/versions/latest?verbose=true`,
        { schema, schemaType: 'AVRO' },
      )) as { is_compatible: boolean; messages?: string[] };
      return { compatible: result.is_compatible, messages: result.messages ?? [] };
    } catch (error) {
      if (error instanceof SchemaRegistryError && error.status === 404) {
        return { compatible: true, messages: [] };
      }
      throw error;
    }
  }

  async subjects(): Promise<string[]> {
    return (await this.#request('GET', '/subjects')) as string[];
  }

  /** Deletes a subject for good (soft, then hard delete), as tests clean up. */
  async deleteSubject(subject: string): Promise<void> {
    const path = `/subjects/${encodeURIComponent(subject)}`;
    await this.#request('DELETE', path);
    await this.#request('DELETE', `${path}?permanent=true`);
  }

  /** One request for the calls the library lacks: the status decides, before the body is read as JSON. */
  #request(method: string, path: string, body?: unknown): Promise<unknown> {
    return measuredCall(this.#onCall, routeOf(method, path), async () => {
      const operation = `${method} ${path}`;
      let response: Response;
      let text: string;
      try {
        response = await fetch(`${this.url}${path}`, {
          method,
          headers: this.#headers,
          signal: AbortSignal.timeout(this.#timeoutMs),
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        text = await response.text();
      } catch (error) {
        throw registryErrorOf(error, operation);
      }
      if (!response.ok) {
        const quote = (registryMessage(text) ?? text).slice(0, 300);
        throw new SchemaRegistryError(`schema registry ${operation}: ${response.status} ${quote}`, {
          status: response.status,
          retriable: isRetriableStatus(response.status),
        });
      }
      try {
        return text ? JSON.parse(text) : {};
      } catch (error) {
        // A 2xx that is not JSON comes from something in between (a proxy's page), not from the registry.
        throw new SchemaRegistryError(
          `schema registry ${operation}: ${response.status} answer is not JSON: ${text.slice(0, 300)}`,
          { status: response.status, retriable: true },
          { cause: error },
        );
      }
    });
  }
}

/** The `message` of a registry's JSON error body, if the body is one. */
function registryMessage(text: string): string | undefined {
  try {
    const message = (JSON.parse(text) as { message?: unknown } | null)?.message;
    return typeof message === 'string' ? message : undefined;
  } catch {
    return undefined;
  }
}
