import { describe, expect, it } from 'vitest';
import { recordsPerRequest } from './produce-request-size.ts';

const record = (bytes: number) => ({ key: 'k', value: Buffer.alloc(bytes) });
const limits = { maxBytes: 1_000, maxRecords: 4 };

describe('recordsPerRequest', () => {
  it('takes records while they stay within the byte limit', () => {
    expect(recordsPerRequest([record(300), record(300), record(300), record(300)], limits)).toBe(2);
    expect(recordsPerRequest([record(100), record(100)], limits)).toBe(2);
  });

  it('takes at most maxRecords small ones', () => {
    expect(
      recordsPerRequest(
        Array.from({ length: 10 }, () => record(1)),
        limits,
      ),
    ).toBe(4);
  });

  it('sends a record over the limit alone, for the broker to judge', () => {
    expect(recordsPerRequest([record(5_000), record(1)], limits)).toBe(1);
    expect(recordsPerRequest([record(1), record(5_000)], limits)).toBe(1);
  });

  it('counts headers and string values in bytes', () => {
    const withHeaders = { key: 'k', value: 'é'.repeat(200), headers: { trace: Buffer.alloc(200) } };
    expect(recordsPerRequest([withHeaders, withHeaders, withHeaders], limits)).toBe(1);
    expect(recordsPerRequest([], limits)).toBe(0);
  });
});
