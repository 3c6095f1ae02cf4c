import { setTimeout as sleep } from 'node:timers/promises';
import type { AvroDeserializer, AvroSerializer, ConfluentAvroSerde } from '@docsort/avro-serde';
import { type FailureReason, PermanentError } from '@docsort/contracts';
import {
  type Consumer,
  type ConsumerRunConfig,
  type EachBatchPayload,
  type IHeaders,
  type Kafka,
  type KafkaMessage,
  type Message,
  Partitioners,
  type Producer,
} from 'kafkajs';
import { backoffDelay } from './backoff.ts';
import { buildDeadLetter, type RawRecord } from './dead-letter.ts';
import { classifyError, isKafkaAway } from './error-classification.ts';
import { PartitionFlowControl } from './partition-flow-control.ts';
import { recordsPerRequest } from './produce-request-size.ts';
import { DeadlineExceededError, runWithDeadline } from './run-with-deadline.ts';
import type { RuntimeLogger, RuntimeObserver } from './runtime-observer.ts';
import { type RuntimeOptions, resolveRuntimeOptions } from './runtime-options.ts';
import type { BulkItem, InputRecord, Stage, StageOutput, TopicBinding } from './stage.ts';

interface EncodedMessage {
  readonly topic: string;
  readonly message: Message;
}

/** A value for one of the stage's bulk outputs, kept until the next flush writes it. */
interface PendingBulkItem {
  readonly output: string;
  readonly item: BulkItem;
}

/**
 * What handling one record came to: records to produce (outputs or a DLQ record) and values for bulk
 * outputs, or "stopped midway".
 */
type Handled =
  | { readonly messages: EncodedMessage[]; readonly bulk: PendingBulkItem[] }
  | { readonly stopped: true };

export interface StreamRuntimeDeps<In> {
  readonly kafka: Kafka;
  readonly serde: ConfluentAvroSerde;
  readonly stage: Stage<In>;
  /** Where records that cannot be processed go (documents.dlq), unless the stage names its own. */
  readonly deadLetter: TopicBinding;
  readonly options?: Partial<RuntimeOptions>;
  readonly observer?: RuntimeObserver;
  readonly logger?: RuntimeLogger;
}

function headersOf(headers: IHeaders | undefined): Record<string, Buffer | undefined> {
  const result: Record<string, Buffer | undefined> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    result[name] =
      first === undefined ? undefined : Buffer.isBuffer(first) ? first : Buffer.from(String(first));
  }
  return result;
}

const noopLogger: RuntimeLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/**
 * Runs one stage: consumes its input topic in a consumer group, decodes each record, calls the stage, and
 * produces the outputs — committing an offset only after everything produced for the records before it is
 * acknowledged by the broker (at-least-once). Retries transient failures with backoff, sends bad records to
 * the DLQ and moves on, pauses partitions under load, and drains on stop.
 */
export class StreamRuntime<In> {
  readonly #deps: StreamRuntimeDeps<In>;
  readonly #options: RuntimeOptions;
  readonly #deadLetterTo: TopicBinding;
  readonly #log: RuntimeLogger;
  readonly #consumer: Consumer;
  readonly #producer: Producer;
  readonly #stopRequested = new AbortController();
  readonly #lag = new Map<string, { topic: string; partition: number; lag: number }>();
  readonly #flow: PartitionFlowControl;
  #inFlight = 0;
  /** `topic:partition` of what the group gave this instance at its last join. */
  #assignment = new Set<string>();
  readonly #activeBatches = new Set<Promise<void>>();
  #deserializer: AvroDeserializer<In> | undefined;
  #serializers = new Map<string, AvroSerializer<unknown>>();
  readonly #crashed: Promise<never>;
  #failForGood: (error: Error) => void = () => undefined;
  /** Times in a row the consumer stopped while Kafka was away; back to 0 when it joins its group. */
  #rejoinAttempt = 0;

  constructor(deps: StreamRuntimeDeps<In>) {
    this.#deps = deps;
    this.#options = resolveRuntimeOptions(deps.stage.name, deps.options);
    this.#deadLetterTo = deps.stage.deadLetter ?? deps.deadLetter;
    if (this.#deadLetterTo.topic === deps.stage.input.topic) {
      throw new Error(
        `stage ${deps.stage.name}: its failures would be dead-lettered to ${deps.stage.input.topic}, its own input, and come back to it forever; give the stage a deadLetter binding of another topic (e.g. <prefix>.dlq.parked)`,
      );
    }
    this.#log = deps.logger ?? noopLogger;
    this.#consumer = deps.kafka.consumer({
      groupId: this.#options.groupId,
      sessionTimeout: this.#options.sessionTimeoutMs,
      heartbeatInterval: this.#options.heartbeatIntervalMs,
      maxWaitTimeInMs: this.#options.maxWaitTimeMs,
      allowAutoTopicCreation: false,
    });
    // Idempotent with acks=all: a retried send is not written twice.
    this.#producer = deps.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      // Murmur2, as the Java client: a documentId lands on the same partition whichever client produced it.
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    this.#flow = new PartitionFlowControl(this.#consumer, deps.stage.input.topic);
    this.#crashed = new Promise((_, reject) => {
      this.#failForGood = reject;
    });
    // Observed by whoever runs the runtime (runUntilSignal); never an unhandled rejection.
    this.#crashed.catch(() => undefined);
  }

  get groupId(): string {
    return this.#options.groupId;
  }

  /** Records fetched and not yet done with (for metrics; the partitions pause above maxInFlight). */
  get inFlight(): number {
    return this.#inFlight;
  }

  get stageName(): string {
    return this.#deps.stage.name;
  }

  get inputTopic(): string {
    return this.#deps.stage.input.topic;
  }

  /** Records consumed but not yet committed, per partition, as of the last batch (for metrics). */
  lag(): Array<{ topic: string; partition: number; lag: number }> {
    return [...this.#lag.values()];
  }

  /** Rejects if the consumer stops for good on an error it does not retry; the process should then exit. */
  get crashed(): Promise<never> {
    return this.#crashed;
  }

  async start(): Promise<void> {
    const { stage, serde } = this.#deps;
    const { input } = stage;
    this.#deserializer =
      'decode' in input
        ? { deserialize: async (bytes) => input.decode(bytes) }
        : serde.deserializer<In>(input.schema);
    for (const [name, binding] of [
      ...Object.entries(stage.outputs),
      ['__dlq', this.#deadLetterTo] as const,
    ]) {
      this.#serializers.set(
        name,
        await this.#retrying(() => serde.serializer(binding.subject, binding.schema)),
      );
    }
    this.#consumer.on(this.#consumer.events.CRASH, ({ payload }) => {
      if (payload.restart || this.#stopRequested.signal.aborted) return;
      if (isKafkaAway(payload.error)) void this.#runAgain(payload.error);
      else this.#failForGood(payload.error);
    });
    this.#consumer.on(this.#consumer.events.GROUP_JOIN, ({ payload }) => {
      this.#rejoinAttempt = 0;
      this.#log.info(
        { stage: this.#deps.stage.name, groupId: payload.groupId, assignment: payload.memberAssignment },
        'joined consumer group',
      );
      this.#assignment = new Set(
        Object.entries(payload.memberAssignment).flatMap(([t, partitions]) =>
          partitions.map((n) => `${t}:${n}`),
        ),
      );
      this.#deps.observer?.rebalanced?.({ assignment: payload.memberAssignment });
    });
    // A service that starts while Kafka is away (restarting, or not up yet) waits for it, as for the registry.
    await this.#retrying(() => this.#producer.connect());
    await this.#retrying(() => this.#consumer.connect());
    // A new group reads from the beginning: records produced before the first start are not skipped.
    await this.#retrying(() => this.#consumer.subscribe({ topic: stage.input.topic, fromBeginning: true }));
    await this.#consumer.run(this.#runConfig());
  }

  /** How the consumer runs: the same at the first start and after a rejoin (#runAgain). */
  #runConfig(): ConsumerRunConfig {
    return {
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.#options.partitionsConsumedConcurrently,
      // kafkajs fetches from a broker again only once every batch of its last fetch is handled, so one slow
      // record would hold up every other partition on that broker. A batch still running after
      // `detachBatchAfterMs` goes on in the background with its partition paused (nothing more of it is
      // fetched, so order per partition holds) until it is done — whatever else lifts meanwhile (#flow); the
      // fetch loop serves the others.
      eachBatch: async (payload) => {
        const { topic, partition } = payload.batch;
        const work: Promise<void> = this.#eachBatch(payload)
          .catch((error: Error) => {
            // Nothing was committed past the failure: the records are fetched and handled again.
            this.#log.warn(
              { stage: this.#deps.stage.name, topic, partition, err: error },
              'batch abandoned; its records will be handled again',
            );
          })
          .finally(() => this.#activeBatches.delete(work));
        this.#activeBatches.add(work);
        const finished = await Promise.race([
          work.then(() => true),
          sleep(this.#options.detachBatchAfterMs, false, { ref: false }),
        ]);
        if (finished) return;
        this.#flow.pause(partition, 'batch-running');
        void work.then(() => this.#flow.release('batch-running', [partition]));
      },
    };
  }

  /**
   * kafkajs stopped the consumer for good while Kafka was away (isKafkaAway): waits a backoff and runs it
   * again — it rejoins its group and goes on from the committed offsets. Gives up only on stop.
   */
  async #runAgain(error: Error): Promise<void> {
    this.#rejoinAttempt += 1;
    this.#log.warn(
      { stage: this.#deps.stage.name, attempt: this.#rejoinAttempt, err: error },
      'consumer stopped while Kafka was away; running it again',
    );
    if (!(await this.#backoff(this.#rejoinAttempt))) return;
    // A failure to join crashes the consumer again (kafkajs' onCrash), which brings it back here.
    await this.#consumer.run(this.#runConfig()).catch((failure: Error) => this.#failForGood(failure));
  }

  /**
   * Stops fetching, lets the record in hand finish, produces and commits what is done, and disconnects —
   * within `shutdownTimeoutMs`; past that it gives up and work not committed is redone after a restart.
   */
  async stop(): Promise<void> {
    this.#stopRequested.abort();
    // No new batches; the ones in hand finish their current record, then produce and commit while the
    // consumer is still in the group (after disconnect, a commit would fail and the work be redone).
    this.#flow.close();
    // Unref'd: once drained, the pending deadline must not keep the process alive.
    const deadline = sleep(this.#options.shutdownTimeoutMs, 'timeout' as const, { ref: false });
    const drained = Promise.allSettled([...this.#activeBatches]).then(() => 'drained' as const);
    if ((await Promise.race([drained, deadline])) === 'timeout') {
      this.#log.warn(
        { stage: this.#deps.stage.name },
        'shutdown deadline passed; uncommitted records will be redone after a restart',
      );
    }
    await this.#consumer.disconnect();
    await this.#producer.disconnect();
  }

  async #eachBatch({ batch, heartbeat, isRunning, isStale, resolveOffset }: EachBatchPayload): Promise<void> {
    const { topic, partition } = batch;
    this.#inFlight += batch.messages.length;
    this.#applyBackpressure(topic, partition);
    let pending: EncodedMessage[] = [];
    let pendingBulk: PendingBulkItem[] = [];
    let pendingOffset: string | undefined;
    let sinceFlush = 0;
    const flush = async () => {
      if (pendingOffset === undefined) return;
      const messages = pending;
      const bulk = pendingBulk;
      const offset = pendingOffset;
      if (bulk.length) await this.#retrying(() => this.#writeBulk(bulk));
      await this.#retrying(async () => {
        if (messages.length) await this.#produce(messages);
      });
      const next = (BigInt(offset) + 1n).toString();
      // The partition went to another instance meanwhile: its new owner redoes these records; committing
      // here could move its offset past work it has not done.
      if (isStale() || !this.#assignment.has(`${topic}:${partition}`)) return;
      await this.#consumer.commitOffsets([{ topic, partition, offset: next }]);
      resolveOffset(offset);
      this.#lag.set(`${topic}:${partition}`, {
        topic,
        partition,
        lag: Math.max(0, Number(BigInt(batch.highWatermark) - BigInt(next))),
      });
      const owned = this.#assignment.has(`${topic}:${partition}`);
      if (!owned) {
        this.#log.warn(
          { stage: this.#deps.stage.name, topic, partition, offset: next },
          'committed an offset of a partition not assigned to this instance',
        );
      }
      this.#deps.observer?.committed?.({ topic, partition, offset: next, owned });
      pending = [];
      pendingBulk = [];
      pendingOffset = undefined;
      sinceFlush = 0;
    };
    // Records being processed, oldest first: up to the stage's concurrency at once, their outputs taken in the
    // partition's order, so what is produced and committed is the same as one at a time.
    const running: { readonly offset: string; readonly handled: Promise<Handled> }[] = [];
    let stopped = false;
    const takeOldest = async () => {
      const { offset, handled } = running.shift() as (typeof running)[number];
      const result = await handled;
      if ('stopped' in result) {
        stopped = true;
        return;
      }
      pending.push(...result.messages);
      pendingBulk.push(...result.bulk);
      pendingOffset = offset;
      sinceFlush += 1;
      if (sinceFlush >= this.#options.flushEvery) await flush();
      await heartbeat();
    };
    const concurrency = Math.max(1, this.#deps.stage.concurrency ?? 1);
    try {
      for (const [index, message] of batch.messages.entries()) {
        if (stopped || !isRunning() || isStale() || this.#stopRequested.signal.aborted) break;
        if (index % this.#options.flushEvery === 0) {
          await this.#prefetch(
            topic,
            partition,
            batch.messages.slice(index, index + this.#options.flushEvery),
          );
        }
        const handled = this.#handle(topic, partition, message, heartbeat);
        // Awaited in order by takeOldest; until then a failure must not count as unhandled.
        handled.catch(() => undefined);
        running.push({ offset: message.offset, handled });
        if (running.length >= concurrency) await takeOldest();
      }
      while (running.length && !stopped) await takeOldest();
      // Also on stop: what is processed gets produced and committed, so a restart redoes as little as possible.
      if (!isStale()) await flush();
    } finally {
      // Records still running when the batch ends early are redone after a restart; they must not outlive it.
      await Promise.allSettled(running.map((r) => r.handled));
      this.#inFlight -= batch.messages.length;
      this.#releaseBackpressure(topic);
    }
  }

  /** Hands the stage the next records to prepare in bulk (Stage.prefetch); never fails the batch. */
  async #prefetch(topic: string, partition: number, messages: readonly KafkaMessage[]): Promise<void> {
    const { stage } = this.#deps;
    if (!stage.prefetch || !this.#deserializer) return;
    const records: InputRecord<In>[] = [];
    for (const message of messages) {
      try {
        records.push({
          value: await this.#deserializer.deserialize(message.value),
          key: message.key?.toString() ?? null,
          topic,
          partition,
          offset: message.offset,
          headers: headersOf(message.headers),
        });
      } catch {
        // process() meets it again and dead-letters it with the reason.
      }
    }
    if (!records.length) return;
    try {
      await runWithDeadline(
        (signal) => stage.prefetch?.(records, { signal }) ?? Promise.resolve(),
        this.#options.recordTimeoutMs,
      );
    } catch (error) {
      this.#log.warn(
        { stage: stage.name, topic, partition, err: error },
        'prefetch failed; records are processed one by one',
      );
    }
  }

  #applyBackpressure(topic: string, partition: number): void {
    if (this.#inFlight <= this.#options.maxInFlight) return;
    if (this.#flow.pause(partition, 'backpressure')) {
      this.#deps.observer?.paused?.({ topic, partition, inFlight: this.#inFlight });
    }
  }

  /** Lifts backpressure below half of maxInFlight; a partition whose batch still runs stays paused until it ends. */
  #releaseBackpressure(topic: string): void {
    if (this.#inFlight > this.#options.maxInFlight / 2) return;
    const partitions = this.#flow.release('backpressure');
    if (partitions.length) this.#deps.observer?.resumed?.({ topic, partitions });
  }

  /** Produces `messages` in order, in as few requests as the broker's size limit allows. */
  async #produce(messages: EncodedMessage[]): Promise<void> {
    for (let rest = messages; rest.length; ) {
      const request = rest.slice(0, recordsPerRequest(rest.map((m) => m.message)));
      rest = rest.slice(request.length);
      await this.#producer.sendBatch({
        acks: -1,
        topicMessages: [...Map.groupBy(request, (m) => m.topic)].map(([topic, list]) => ({
          topic,
          messages: list.map((m) => m.message),
        })),
      });
    }
  }

  /** Hands each bulk output what was sent to it since the last flush (in parallel: they are independent). */
  async #writeBulk(pending: readonly PendingBulkItem[]): Promise<void> {
    await Promise.all(
      [...Map.groupBy(pending, (p) => p.output)].map(([name, items]) =>
        runWithDeadline(
          (signal) =>
            this.#deps.stage.bulkOutputs?.[name]?.write(
              items.map((p) => p.item),
              { signal },
            ) ?? Promise.resolve(),
          this.#options.recordTimeoutMs,
        ),
      ),
    );
  }

  /** Decodes and processes one record until it yields outputs, a DLQ record, or the runtime stops. */
  async #handle(
    topic: string,
    partition: number,
    message: KafkaMessage,
    heartbeat: () => Promise<void>,
  ): Promise<Handled> {
    const { stage } = this.#deps;
    const raw: RawRecord = {
      topic,
      partition,
      offset: message.offset,
      key: message.key,
      value: message.value,
      headers: headersOf(message.headers),
    };
    const started = performance.now();
    let attempts = 0;
    let timeouts = 0;
    let unexpected = 0;
    let value: In | undefined;
    for (;;) {
      attempts += 1;
      // Heartbeats while the stage works, so a slow record does not get this consumer evicted.
      const keepAlive = setInterval(
        () => void heartbeat().catch(() => undefined),
        this.#options.heartbeatIntervalMs,
      );
      try {
        value ??= await this.#deserializer?.deserialize(raw.value);
        const record: InputRecord<In> = {
          value: value as In,
          key: raw.key?.toString() ?? null,
          topic,
          partition,
          offset: raw.offset,
          headers: raw.headers,
        };
        const outputs = await runWithDeadline(
          (signal) => stage.process(record, { signal, attempt: attempts }),
          this.#options.recordTimeoutMs,
        );
        const { messages, bulk } = this.#routeOutputs(outputs, raw);
        const durationMs = performance.now() - started;
        this.#log.debug(
          {
            ...this.#recordContext(raw, value),
            outputs: outputs.length,
            durationMs: Math.round(durationMs),
          },
          'record processed',
        );
        this.#deps.observer?.processed?.({
          topic,
          partition,
          durationMs,
          input: value,
          outputs: outputs.map((output) => ({
            to: output.to,
            topic: this.#deps.stage.outputs[output.to]?.topic ?? output.to,
            value: output.value,
          })),
        });
        return { messages, bulk };
      } catch (error) {
        if (error instanceof DeadlineExceededError) timeouts += 1;
        else if (isUnexpected(error)) unexpected += 1;
        const failure = this.#classify(error as Error, timeouts, unexpected);
        if (failure) {
          const letter = this.#deadLetter(raw, value, failure, attempts, error as Error);
          this.#deps.observer?.deadLettered?.({
            topic,
            partition,
            reason: failure,
            durationMs: performance.now() - started,
          });
          return { messages: [letter], bulk: [] };
        }
        this.#log.warn(
          { ...this.#recordContext(raw, value), attempt: attempts, err: error },
          'retrying record',
        );
        this.#deps.observer?.retried?.({ topic, partition, error: error as Error });
        if (!(await this.#backoff(attempts, heartbeat))) return { stopped: true };
      } finally {
        clearInterval(keepAlive);
      }
    }
  }

  /** What a log line about one record carries: ids from its value when decoded, else its key. */
  #recordContext(raw: RawRecord, value: In | undefined): Record<string, unknown> {
    const fields = value as { documentId?: unknown; correlationId?: unknown } | undefined;
    return {
      documentId: typeof fields?.documentId === 'string' ? fields.documentId : raw.key?.toString(),
      ...(typeof fields?.correlationId === 'string' ? { correlationId: fields.correlationId } : {}),
      stage: this.#deps.stage.name,
      topic: raw.topic,
      partition: raw.partition,
      offset: raw.offset,
    };
  }

  /** The DLQ reason when `error` is final for this record; undefined when another attempt is due. */
  #classify(error: Error, timeouts: number, unexpected: number): FailureReason | undefined {
    if (error instanceof DeadlineExceededError) {
      return timeouts >= this.#options.maxTimeoutAttempts ? 'TIMEOUT' : undefined;
    }
    const verdict = classifyError(error);
    if (verdict.kind === 'permanent') return verdict.reason;
    if (verdict.kind === 'transient') return undefined;
    // A bug or an unknown library error: a few tries, then the DLQ rather than a blocked partition.
    return unexpected >= this.#options.maxUnexpectedAttempts ? 'INTERNAL' : undefined;
  }

  #deadLetter(
    raw: RawRecord,
    value: In | undefined,
    reason: FailureReason,
    attempts: number,
    error: Error,
  ): EncodedMessage {
    const documentId =
      (value as { documentId?: unknown } | undefined)?.documentId ?? raw.key?.toString() ?? null;
    const letter = buildDeadLetter(raw, {
      stage: this.#deps.stage.name,
      reason,
      error,
      attempts,
      documentId: typeof documentId === 'string' ? documentId : null,
    });
    this.#log.warn(
      { ...this.#recordContext(raw, value), reason, attempts, err: error },
      'record sent to the DLQ',
    );
    const serializer = this.#serializers.get('__dlq');
    if (!serializer) throw new Error('runtime not started');
    return {
      topic: this.#deadLetterTo.topic,
      message: { key: letter.key, value: serializer.serialize(letter.value), headers: letter.headers },
    };
  }

  /** Topic outputs encoded for producing; bulk outputs' values kept with the record they came from. */
  #routeOutputs(
    outputs: readonly StageOutput[],
    raw: RawRecord,
  ): { messages: EncodedMessage[]; bulk: PendingBulkItem[] } {
    const messages: EncodedMessage[] = [];
    const bulk: PendingBulkItem[] = [];
    for (const output of outputs) {
      if (this.#deps.stage.bulkOutputs?.[output.to]) {
        const { topic, partition, offset } = raw;
        bulk.push({ output: output.to, item: { value: output.value, topic, partition, offset } });
      } else {
        messages.push(this.#encodeOutput(output.to, output.key, output.value, output.headers));
      }
    }
    return { messages, bulk };
  }

  #encodeOutput(
    to: string,
    key: string,
    value: unknown,
    headers?: Readonly<Record<string, string>>,
  ): EncodedMessage {
    const binding = this.#deps.stage.outputs[to];
    const serializer = this.#serializers.get(to);
    if (!binding || !serializer) {
      throw new PermanentError('INTERNAL', `stage ${this.#deps.stage.name} has no output named ${to}`);
    }
    try {
      return {
        topic: binding.topic,
        message: { key, value: serializer.serialize(value), ...(headers ? { headers: { ...headers } } : {}) },
      };
    } catch (error) {
      throw new PermanentError(
        'INTERNAL',
        `output for ${to} does not match its schema: ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    }
  }

  /** Waits before the next attempt, heartbeating; false when the runtime was asked to stop meanwhile. */
  async #backoff(attempt: number, heartbeat?: () => Promise<void>): Promise<boolean> {
    let remaining = backoffDelay(attempt, this.#options.retry);
    while (remaining > 0) {
      const step = Math.min(remaining, this.#options.heartbeatIntervalMs);
      try {
        await sleep(step, undefined, { signal: this.#stopRequested.signal });
      } catch {
        return false;
      }
      remaining -= step;
      await heartbeat?.().catch(() => undefined);
    }
    return !this.#stopRequested.signal.aborted;
  }

  /** Runs `task` until it succeeds, retrying retriable errors with backoff; rethrows others and on stop. */
  async #retrying<T>(task: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await task();
      } catch (error) {
        if (!isTransient(error) || !(await this.#backoff(attempt))) throw error;
        this.#log.warn({ stage: this.#deps.stage.name, attempt, err: error }, 'retrying');
      }
    }
  }
}

function isTransient(error: unknown): boolean {
  return classifyError(error).kind === 'transient';
}

function isUnexpected(error: unknown): boolean {
  return !(error instanceof DeadlineExceededError) && classifyError(error).kind === 'unknown';
}
