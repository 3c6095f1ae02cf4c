import { setTimeout as sleep } from 'node:timers/promises';

export interface WaitOptions {
  readonly timeoutMs: number;
  readonly intervalMs?: number;
  /** Finishes the sentence "timed out after Ns waiting for …". */
  readonly description: string;
}

export class WaitTimeoutError extends Error {
  override readonly name = 'WaitTimeoutError';
}

/**
 * Polls `condition` until it returns true (errors count as "not yet") or the deadline passes.
 * The last error is kept as the cause, because it usually says why the wait failed.
 */
export async function waitUntil(
  condition: () => boolean | Promise<boolean>,
  { timeoutMs, intervalMs = 250, description }: WaitOptions,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      if (await condition()) return;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      throw new WaitTimeoutError(
        `timed out after ${Math.round(timeoutMs / 1000)}s waiting for ${description}`,
        {
          cause: lastError,
        },
      );
    }
    await sleep(intervalMs);
  }
}
