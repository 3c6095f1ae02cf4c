import { PermanentError, PipelineError } from '@docsort/contracts';

/**
 * A registry call failed. `status` is the HTTP status when the registry (or a proxy) answered; `retriable`
 * says whether the same call may succeed later: no answer, a timeout or a 5xx yes, a 4xx (bad credentials,
 * not found, invalid schema) no.
 */
export class SchemaRegistryError extends PipelineError {
  override readonly name = 'SchemaRegistryError';
  readonly reason = 'INTERNAL';
  readonly status: number | undefined;
  readonly retriable: boolean;
  constructor(
    message: string,
    details: { readonly status?: number | undefined; readonly retriable: boolean },
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.status = details.status;
    this.retriable = details.retriable;
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

/** 408 and 429 are the 4xx that say "later", like any 5xx. */
export function isRetriableStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

const longestQuote = 300;

/**
 * The SchemaRegistryError for what @kafkajs/confluent-schema-registry threw on `operation`. Its errors
 * carry the HTTP status; one with neither a status nor a registry's own error message is not an answer.
 *
 * The library reports a request that got no answer at all (connection refused or reset, timeout) as status
 * 400 with the fallback message "Error, status 400[: <cause>]" (kafkajs/confluent-schema-registry#306); a
 * registry's real 400 carries its JSON `message` instead. So a 400 with the fallback message is a network
 * failure or a proxy's non-JSON page — both worth another attempt.
 */
export function registryErrorOf(error: unknown, operation: string): SchemaRegistryError {
  if (error instanceof SchemaRegistryError) return error;
  const message = String((error as Error | undefined)?.message ?? error).slice(0, longestQuote);
  const status = (error as { status?: unknown } | null)?.status;
  if (typeof status !== 'number') {
    // The library's own errors (an invalid schema, a subject at another compatibility level) are final;
    // anything else thrown on the way (fetch's "fetch failed", a timeout's AbortError) is the network's.
    const libraryRefusal = /^ConfluentSchemaRegistry/.test((error as Error | undefined)?.name ?? '');
    return new SchemaRegistryError(
      `schema registry ${operation}: ${message}`,
      { retriable: !libraryRefusal },
      { cause: error },
    );
  }
  if (status === 400 && /- Error, status 400(:|$)/.test(message)) {
    return new SchemaRegistryError(
      `schema registry ${operation}: no answer from the registry (${message})`,
      { retriable: true },
      { cause: error },
    );
  }
  return new SchemaRegistryError(
    `schema registry ${operation}: ${status} ${message}`,
    { status, retriable: isRetriableStatus(status) },
    { cause: error },
  );
}
