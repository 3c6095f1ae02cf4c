import { describe, expect, it } from 'vitest';
import { buildDeadLetter } from './dead-letter.ts';

describe('buildDeadLetter', () => {
  const record = {
    topic: 'documents.incoming',
    partition: 4,
    offset: '1207',
    key: Buffer.from('doc-1'),
    value: Buffer.from([0, 0, 0, 0, 7, 1, 2]),
    headers: { traceparent: Buffer.from('00-abc'), empty: undefined },
  };

  it('keeps the original key, value and headers for replay, with the reason', () => {
    const error = new TypeError('boom');
    const letter = buildDeadLetter(record, {
      stage: 'extract',
      reason: 'CORRUPT',
      error,
      attempts: 3,
      documentId: 'doc-1',
      now: 5,
    });
    expect(letter.key).toBe(record.key);
    expect(letter.value).toEqual({
      documentId: 'doc-1',
      stage: 'extract',
      reason: 'CORRUPT',
      message: 'boom',
      errorClass: 'TypeError',
      attempts: 3,
      original: {
        topic: 'documents.incoming',
        partition: 4,
        offset: 1207,
        key: record.key,
        value: record.value,
        headers: { traceparent: record.headers.traceparent },
      },
      failedAt: 5,
    });
  });

  it('names the error context headers as Kafka Connect’s DLQ reporter does', () => {
    const letter = buildDeadLetter(record, {
      stage: 'classify',
      reason: 'TIMEOUT',
      error: new Error('took too long'),
      attempts: 2,
      documentId: null,
    });
    expect(letter.headers).toMatchObject({
      traceparent: record.headers.traceparent,
      '__connect.errors.topic': 'documents.incoming',
      '__connect.errors.partition': '4',
      '__connect.errors.offset': '1207',
      '__connect.errors.exception.class.name': 'Error',
      '__connect.errors.exception.message': 'took too long',
      'docsort.errors.reason': 'TIMEOUT',
    });
    expect(String(letter.headers['__connect.errors.exception.stacktrace'])).toContain('took too long');
  });
});
