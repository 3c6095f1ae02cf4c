import { describe, expect, it } from 'vitest';
import { uniqueName } from './unique-name.ts';

// Kafka topics allow [a-zA-Z0-9._-]{1,249}; S3 buckets [a-z0-9-]{3,63} starting and ending alphanumeric.
const validForTopicsAndBuckets = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;

describe('uniqueName', () => {
  it('is valid as a topic, a consumer group and a bucket name', () => {
    for (const prefix of ['stack-avro', 'Weird Prefix!!', 'x'.repeat(100), '---']) {
      expect(uniqueName(prefix)).toMatch(validForTopicsAndBuckets);
    }
  });

  it('never repeats', () => {
    const names = new Set(Array.from({ length: 1_000 }, () => uniqueName('t')));
    expect(names.size).toBe(1_000);
  });
});
