import type { DocumentFailed, FailureReason } from '@docsort/contracts';

/** The raw consumed record, exactly as it was on the input topic. */
export interface RawRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: Readonly<Record<string, Buffer | undefined>>;
}

export interface DeadLetter {
  readonly key: Buffer | null;
  readonly value: DocumentFailed;
  readonly headers: Record<string, string | Buffer>;
}

export interface FailureDetails {
  readonly stage: string;
  readonly reason: FailureReason;
  readonly error: Error;
  readonly attempts: number;
  readonly documentId: string | null;
  readonly now?: number;
}

/**
 * The DLQ record for a failed input: the reason and the original key, value and headers (for replay), and
 * error context in headers named as Kafka Connect's DLQ reporter names them, so its tooling reads them.
 */
export function buildDeadLetter(record: RawRecord, failure: FailureDetails): DeadLetter {
  const originalHeaders: Record<string, Buffer> = {};
  for (const [name, value] of Object.entries(record.headers)) if (value) originalHeaders[name] = value;
  const errorClass = failure.error.name || failure.error.constructor.name;
  return {
    key: record.key,
    value: {
      documentId: failure.documentId,
      stage: failure.stage,
      reason: failure.reason,
      message: failure.error.message,
      errorClass,
      attempts: failure.attempts,
      original: {
        topic: record.topic,
        partition: record.partition,
        offset: Number(record.offset),
        key: record.key,
        value: record.value,
        headers: originalHeaders,
      },
      failedAt: failure.now ?? Date.now(),
    },
    headers: {
      ...originalHeaders,
      '__connect.errors.topic': record.topic,
      '__connect.errors.partition': String(record.partition),
      '__connect.errors.offset': record.offset,
      '__connect.errors.connector.name': `docsort-${failure.stage}`,
      '__connect.errors.stage': failure.stage,
      '__connect.errors.class.name': 'docsort',
      '__connect.errors.exception.class.name': errorClass,
      '__connect.errors.exception.message': failure.error.message,
      '__connect.errors.exception.stacktrace': failure.error.stack ?? '',
      'docsort.errors.reason': failure.reason,
    },
  };
}
