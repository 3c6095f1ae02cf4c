import { type AvroSchemaObject, messageSchema, type TopicSpec } from '@docsort/contracts';

/** One consumed record, decoded, with where it came from. */
export interface InputRecord<In> {
  readonly value: In;
  readonly key: string | null;
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly headers: Readonly<Record<string, Buffer | undefined>>;
}

/** A record for one of the stage's declared outputs; the runtime encodes and produces it. */
export interface StageOutput {
  /** The name of an entry of `Stage.outputs` (or of `Stage.bulkOutputs`: then only `value` is used). */
  readonly to: string;
  readonly key: string;
  readonly value: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface StageContext {
  /** Aborted when the record's deadline passes or the runtime shuts down: pass it to I/O. */
  readonly signal: AbortSignal;
  /** 1 on the first try. */
  readonly attempt: number;
}

export interface TopicBinding {
  readonly topic: string;
  /** Schema registry subject of the values (`<topic>-value`). */
  readonly subject: string;
  readonly schema: AvroSchemaObject;
}

/**
 * Where a stage reads from: a topic of Confluent-framed Avro (decoded with the registry), or a topic of
 * something else with its own decoder — which throws SchemaInvalidError for records it cannot read.
 */
export type InputBinding<In> =
  | TopicBinding
  | { readonly topic: string; readonly decode: (bytes: Buffer | null) => In | Promise<In> };

/** The binding of a catalog topic: its name, subject and value schema. */
export function topicBinding(spec: TopicSpec): TopicBinding {
  return { topic: spec.name, subject: spec.subject, schema: messageSchema(spec.valueSchema) };
}

/** A value sent to a bulk output, with the input record it came from. */
export interface BulkItem {
  readonly value: unknown;
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

/**
 * An output that is not a topic, written in bulk: at every flush (each `flushEvery` records and at the end of
 * a batch) it gets the values sent to it since the last one — all from one partition, in offset order —
 * before those records' offsets are committed. For a sink that writes many records as one object instead
 * of one object per record. Transient errors are retried; any other leaves the records uncommitted, so they
 * are processed and written again: `write` must be idempotent for the same items (e.g. one key per first
 * offset).
 */
export interface BulkOutput {
  write(items: readonly BulkItem[], context: { readonly signal: AbortSignal }): Promise<void>;
}

/**
 * A pipeline stage: one decoded input record in; zero or more output records out (none filters it), or an
 * error. Throw a PermanentError for bad input (it goes to the DLQ with its reason) and a RetriableError when
 * a dependency is down. Everything else — decoding, retries, commits, DLQ, backpressure, shutdown — is the
 * runtime's job, not the stage's.
 */
export interface Stage<In> {
  /** ingest, extract, classify, sink: the DLQ record's `stage` and the consumer group's default. */
  readonly name: string;
  readonly input: InputBinding<In>;
  readonly outputs: Readonly<Record<string, TopicBinding>>;
  readonly bulkOutputs?: Readonly<Record<string, BulkOutput>>;
  /**
   * Where this stage's failures go instead of the runtime's DLQ. MUST be set by a stage that reads the DLQ
   * (the sink's failure stage: `documents.dlq.parked`), or what it cannot handle would come back to it forever.
   */
  readonly deadLetter?: TopicBinding;
  process(record: InputRecord<In>, context: StageContext): Promise<readonly StageOutput[]>;
  /**
   * Records of one partition processed at once (default 1). Outputs are still produced, and offsets committed,
   * in the partition's order; retries and the DLQ stay per record. For a stage whose records are independent
   * and slow (extract: OCR in worker threads and native processes), so that one long document does not leave
   * the cores idle while the records behind it wait.
   */
  readonly concurrency?: number;
  /**
   * Optional: sees the next records of a partition (up to `flushEvery`) before `process` is called for each
   * of them, so that work cheaper in bulk — batched inference — is done once for all of them. It must not
   * produce anything: results are `process`'s, record by record, which keeps retries and the DLQ per record.
   * A failure here is logged and ignored (`process` then does the work alone); records that do not decode
   * are left out.
   */
  prefetch?(records: readonly InputRecord<In>[], context: { readonly signal: AbortSignal }): Promise<void>;
}
