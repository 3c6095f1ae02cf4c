import { describe, expect, it } from 'vitest';
import { WaitTimeoutError, waitUntil } from './wait-until.ts';

describe('waitUntil', () => {
  it('resolves as soon as the condition holds', async () => {
    let calls = 0;
    await waitUntil(() => ++calls === 3, { timeoutMs: 1_000, intervalMs: 1, description: 'three calls' });
    expect(calls).toBe(3);
  });

  it('times out naming what it waited for, with the last error as the cause', async () => {
    const failure = waitUntil(
      () => {
        throw new Error('connection refused');
      },
      { timeoutMs: 30, intervalMs: 5, description: 'the broker' },
    );
    await expect(failure).rejects.toThrow(WaitTimeoutError);
    await expect(failure).rejects.toThrow(/waiting for the broker/);
    await failure.catch((error: Error) => expect((error.cause as Error).message).toBe('connection refused'));
  });
});
