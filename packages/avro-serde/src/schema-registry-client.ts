import { type DependencyCallListener, measuredCall, PermanentError, PipelineError } from '@docsort/contracts';

export interface SchemaRegistryClientOptions {
  /** Base URL of a Confluent-compatible API, e.g. http://127.0.0.1:8081/apis/ccompat/v7. */
  readonly url: string;
  readonly auth?: { readonly username: string; readonly password: string };
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
  return `${method} ${template}`;
}

export type CompatibilityLevel = 'BACKWARD' | 'BACKWARD_TRANSITIVE' | 'FORWARD' | 'FULL' | 'NONE';

/** The registry answered with an error, or did not answer. 5xx, 408, 429 and network errors are retriable. */
export class SchemaRegistryError extends PipelineError {
  override readonly name = 'SchemaRegistryError';
  readonly reason = 'INTERNAL';
  readonly retriable: boolean;
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly errorCode: number | undefined,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.retriable = status === undefined || status >= 500 || status === 408 || status === 429;
  }
}

/** A schema version the subject's compatibility rule rejects. */
export class SchemaIncompatibleError extends PermanentError {
  override readonly name = 'SchemaIncompatibleError';
  constructor(
    readonly subject: string,
    readonly details: readonly string[],
  ) {
    super(
      'SCHEMA_INVALID',
      `schema is not compatible with subject ${subject}: ${details.join('; ') || 'no details'}`,
    );
  }
}

const contentType = 'application/vnd.schemaregistry.v1+json';

/** The few calls of the Confluent schema registry REST API that docsort needs. */
export class SchemaRegistryClient {
  readonly #url: string;
  readonly #headers: Record<string, string>;
  readonly #timeoutMs: number;
  readonly #onCall: SchemaRegistryClientOptions['onCall'];

  constructor(options: SchemaRegistryClientOptions) {
    this.#url = options.url.replace(/\/+$/, '');
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#onCall = options.onCall;
    this.#headers = { accept: contentType, 'content-type': contentType };
    if (options.auth) {
      const token = Buffer.from(`${options.auth.username}:${options.auth.password}`).toString('base64');
      this.#headers.authorization = `Basic ${token}`;
    }
  }

  async #call<T>(method: string, path: string, body?: unknown): Promise<T> {
    return measuredCall(this.#onCall, routeOf(method, path), () => this.#request<T>(method, path, body));
  }

  async #request<T>(method: string, path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.#url}${path}`, {
        method,
        headers: this.#headers,
        signal: AbortSignal.timeout(this.#timeoutMs),
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      throw new SchemaRegistryError(
        `schema registry ${method} ${path}: ${(error as Error).message}`,
        undefined,
        undefined,
        {
          cause: error,
        },
      );
    }
    const text = await response.text();
    const json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    if (!response.ok) {
      const errorCode = typeof json.error_code === 'number' ? json.error_code : undefined;
      const message = typeof json.message === 'string' ? json.message : text.slice(0, 300);
      throw new SchemaRegistryError(
        `schema registry ${method} ${path}: ${response.status} ${message}`,
        response.status,
        errorCode,
      );
    }
    return json as T;
  }

  /** Registers `schema` under `subject` (a no-op returning the same id when it is already there). */
  async register(subject: string, schema: string): Promise<number> {
    try {
      const { id } = await this.#call<{ id: number }>(
        'POST',
        `/subjects/${encodeURIComponent(subject)}/versions`,
        {
          schema,
          schemaType: 'AVRO',
        },
      );
      return id;
    } catch (error) {
      if (error instanceof SchemaRegistryError && error.status === 409) {
        throw new SchemaIncompatibleError(subject, [error.message]);
      }
      throw error;
    }
  }

  /** The id of `schema` if it is registered under `subject`, otherwise undefined. */
  async lookup(subject: string, schema: string): Promise<number | undefined> {
    try {
      const { id } = await this.#call<{ id: number }>('POST', `/subjects/${encodeURIComponent(subject)}`, {
        schema,
        schemaType: 'AVRO',
      });
      return id;
    } catch (error) {
      if (error instanceof SchemaRegistryError && error.status === 404) return undefined;
      throw error;
    }
  }

  async schemaById(id: number): Promise<string> {
    const { schema } = await this.#call<{ schema: string }>('GET', `/schemas/ids/${id}`);
    return schema;
  }

  async setCompatibility(subject: string, level: CompatibilityLevel): Promise<void> {
    await this.#call('PUT', `/config/${encodeURIComponent(subject)}`, { compatibility: level });
  }

  /** Whether `schema` may become the next version of `subject` (true when the subject does not exist yet). */
  async checkCompatibility(
    subject: string,
    schema: string,
  ): Promise<{ compatible: boolean; messages: string[] }> {
    try {
      const result = await this.#call<{ is_compatible: boolean; messages?: string[] }>(
        'POST',
        `/compatibility/subjects/${encodeURIComponent(subject)}/versions/latest?verbose=true`,
        { schema, schemaType: 'AVRO' },
      );
      return { compatible: result.is_compatible, messages: result.messages ?? [] };
    } catch (error) {
      if (error instanceof SchemaRegistryError && error.status === 404)
        return { compatible: true, messages: [] };
      throw error;
    }
  }

  async subjects(): Promise<string[]> {
    return this.#call<string[]>('GET', '/subjects');
  }

  /** Deletes a subject for good (soft, then hard delete), as tests clean up. */
  async deleteSubject(subject: string): Promise<void> {
    const path = `/subjects/${encodeURIComponent(subject)}`;
    await this.#call('DELETE', path);
    await this.#call('DELETE', `${path}?permanent=true`);
  }
}
