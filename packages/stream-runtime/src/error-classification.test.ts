import { PermanentError, RetriableError } from '@docsort/contracts';
import {
  KafkaJSConnectionError,
  KafkaJSError,
  KafkaJSGroupCoordinatorNotFound,
  KafkaJSNonRetriableError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
} from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { classifyError, isKafkaAway } from './error-classification.ts';

/** An error as the serde throws for a registry call: its HTTP status, if any, and whether to retry. */
function registryError(status: number | undefined, retriable: boolean): Error {
  return Object.assign(new Error(`registry answered ${status ?? 'nothing'}`), {
    name: 'SchemaRegistryError',
    status,
    retriable,
  });
}

describe('classifyError', () => {
  it.each([401, 403, 404, 422])('takes a registry %i as permanent: retrying cannot fix it', (status) => {
    expect(classifyError(registryError(status, false))).toEqual({ kind: 'permanent', reason: 'INTERNAL' });
  });

  it.each([500, 502, 503, undefined])('retries a registry error with status %s', (status) => {
    expect(classifyError(registryError(status, true))).toEqual({ kind: 'transient' });
  });

  it('keeps the reason a permanent error carries, and INTERNAL for one it does not know', () => {
    expect(classifyError(new PermanentError('ENCRYPTED', 'password-protected'))).toEqual({
      kind: 'permanent',
      reason: 'ENCRYPTED',
    });
    const withReason = (reason: string) =>
      Object.assign(new Error('bad'), { name: 'SomeError', retriable: false, reason });
    expect(classifyError(withReason('SCHEMA_INVALID'))).toEqual({
      kind: 'permanent',
      reason: 'SCHEMA_INVALID',
    });
    expect(classifyError(withReason('NOT_A_REASON'))).toEqual({ kind: 'permanent', reason: 'INTERNAL' });
  });

  it("retries docsort's retriable errors, network errors and kafkajs' retriable errors", () => {
    expect(classifyError(new RetriableError('object store away'))).toEqual({ kind: 'transient' });
    expect(classifyError(Object.assign(new Error('reset'), { code: 'ECONNRESET' }))).toEqual({
      kind: 'transient',
    });
    expect(classifyError(new KafkaJSConnectionError('broker gone'))).toEqual({ kind: 'transient' });
    expect(classifyError(new KafkaJSProtocolError('NOT_LEADER_FOR_PARTITION'))).toEqual({
      kind: 'transient',
    });
    expect(classifyError(new KafkaJSError('gave up', { retriable: false }))).toEqual({
      kind: 'permanent',
      reason: 'INTERNAL',
    });
  });

  it('says nothing about an error that says nothing about itself (a bug): the runtime tries a few times', () => {
    expect(classifyError(new TypeError('undefined is not a function'))).toEqual({ kind: 'unknown' });
    expect(classifyError(Object.assign(new Error('odd'), { retriable: 'yes' }))).toEqual({ kind: 'unknown' });
    expect(classifyError(undefined)).toEqual({ kind: 'unknown' });
  });

  it('retries kafkajs giving up on a broker that is away (its own retries exhausted)', () => {
    const away = new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:9092');
    expect(
      classifyError(new KafkaJSNumberOfRetriesExceeded(away, { retryCount: 5, retryTime: 1000 })),
    ).toEqual({ kind: 'transient' });
  });
});

describe('isKafkaAway', () => {
  /** As kafkajs' retrier wraps an error it gives up on (its typings omit the `cause` option). */
  const gaveUpOn = (cause: Error) => Object.assign(new KafkaJSNonRetriableError(cause), { cause });

  it("sees Kafka away in the crash kafkajs does not restart: no coordinator found during a broker's restart", () => {
    // Thrown when every broker refused the coordinator lookup (its typings omit the message argument).
    const notFound = new (KafkaJSGroupCoordinatorNotFound as new (message: string) => Error)(
      'Failed to find group coordinator',
    );
    const crash = gaveUpOn(notFound);
    expect(classifyError(crash).kind).toBe('permanent');
    expect(isKafkaAway(crash)).toBe(true);
  });

  it('sees it in a coordinator that moved, and in a refused connection', () => {
    const moved = Object.assign(
      new KafkaJSProtocolError('This is not the correct coordinator for this group'),
      {
        type: 'NOT_COORDINATOR',
      },
    );
    expect(isKafkaAway(gaveUpOn(moved))).toBe(true);
    expect(isKafkaAway(new KafkaJSConnectionError('connect ECONNREFUSED 127.0.0.1:9092'))).toBe(true);
  });

  it('does not excuse what is wrong with the consumer itself: that crash ends the service', () => {
    const denied = Object.assign(new KafkaJSProtocolError('Not authorized to access group'), {
      type: 'GROUP_AUTHORIZATION_FAILED',
    });
    expect(isKafkaAway(gaveUpOn(denied))).toBe(false);
    expect(isKafkaAway(new TypeError('eachBatch is not a function'))).toBe(false);
    expect(isKafkaAway(undefined)).toBe(false);
  });
});
