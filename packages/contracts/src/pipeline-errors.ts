import type { FailureReason } from './generated/types.ts';

/**
 * Every error a stage, client or serde raises on purpose. Retry logic looks only at `retriable`; a permanent
 * error carries the reason code its DLQ record gets.
 */
export abstract class PipelineError extends Error {
  abstract readonly retriable: boolean;
  abstract readonly reason: FailureReason;
}

/** Bad input: retrying cannot help. The record goes to the DLQ with `reason`, and the partition moves on. */
export class PermanentError extends PipelineError {
  override readonly name: string = 'PermanentError';
  readonly retriable = false;
  constructor(
    readonly reason: FailureReason,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** A dependency is unavailable (broker, storage, registry): the same record may well succeed later. */
export class RetriableError extends PipelineError {
  override readonly name: string = 'RetriableError';
  readonly retriable = true;
  readonly reason: FailureReason = 'INTERNAL';
}

/** Not Confluent-framed Avro, an unknown schema id, or a record of another schema. */
export class SchemaInvalidError extends PermanentError {
  override readonly name = 'SchemaInvalidError';
  constructor(message: string, options?: ErrorOptions) {
    super('SCHEMA_INVALID', message, options);
  }
}

/** True for errors that are worth another attempt: ours when they say so, and network errors. */
export function isRetriable(error: unknown): boolean {
  if (error instanceof PipelineError) return error.retriable;
  const code = (error as { code?: unknown } | null)?.code;
  return (
    typeof code === 'string' &&
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN'].includes(code)
  );
}
