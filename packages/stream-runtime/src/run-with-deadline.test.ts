import { describe, expect, it } from 'vitest';
import { DeadlineExceededError, runWithDeadline } from './run-with-deadline.ts';

describe('runWithDeadline', () => {
  it('returns what the task returns in time', async () => {
    await expect(runWithDeadline(async () => 42, 1_000)).resolves.toBe(42);
  });

  it('gives up on a task that ignores its signal, and aborts the signal', async () => {
    let signal: AbortSignal | undefined;
    const hung = runWithDeadline((s) => {
      signal = s;
      return new Promise(() => undefined);
    }, 20);
    await expect(hung).rejects.toBeInstanceOf(DeadlineExceededError);
    expect(signal?.aborted).toBe(true);
  });

  it('passes on a task’s own failure', async () => {
    await expect(
      runWithDeadline(async () => Promise.reject(new Error('parse error')), 1_000),
    ).rejects.toThrow('parse error');
  });
});
