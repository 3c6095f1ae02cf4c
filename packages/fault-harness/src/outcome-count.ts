import { setTimeout as sleep } from 'node:timers/promises';
import type { CollectedRecord } from '@docsort/test-harness';

export interface Outcome {
  readonly status: 'classified' | 'failed';
  readonly reason?: string;
  readonly message?: string;
  readonly label?: string;
}

export interface OutcomeCount {
  readonly outcomes: ReadonlyMap<string, Outcome>;
  /** Documents still without a classification or a failure when the wait ended. */
  readonly missing: readonly string[];
}

/**
 * Asks the API for every document's outcome until each has one (classified or failed) or `timeoutMs`
 * passes; a document pending at the end is missing — lost, as far as its submitter can tell.
 */
export async function countOutcomes(
  apiUrl: string,
  documentIds: readonly string[],
  timeoutMs = 180_000,
): Promise<OutcomeCount> {
  const outcomes = new Map<string, Outcome>();
  const deadline = Date.now() + timeoutMs;
  while (outcomes.size < documentIds.length && Date.now() < deadline) {
    const pending = documentIds.filter((id) => !outcomes.has(id));
    for (let i = 0; i < pending.length; i += 16) {
      await Promise.all(
        pending.slice(i, i + 16).map(async (id) => {
          const response = await fetch(`${apiUrl}/v1/documents/${id}`).catch(() => undefined);
          if (response?.status !== 200) return;
          const body = (await response.json()) as {
            status: 'classified' | 'failed';
            label?: string;
            failure?: { reason?: string };
            reason?: string;
            message?: string;
          };
          outcomes.set(id, {
            status: body.status,
            ...(body.label ? { label: body.label } : {}),
            ...((body.failure?.reason ?? body.reason) ? { reason: body.failure?.reason ?? body.reason } : {}),
            ...(body.status === 'failed' && body.message ? { message: body.message } : {}),
          });
        }),
      );
    }
    if (outcomes.size < documentIds.length) await sleep(500);
  }
  return { outcomes, missing: documentIds.filter((id) => !outcomes.has(id)) };
}

/** Records on `topic` beyond the first per key: what at-least-once delivery repeated. */
export function duplicateRecords(records: readonly CollectedRecord[], topic: string): number {
  const seen = new Set<string>();
  let duplicates = 0;
  for (const record of records) {
    if (record.topic !== topic || record.key === null) continue;
    if (seen.has(record.key)) duplicates += 1;
    else seen.add(record.key);
  }
  return duplicates;
}

/** One line per scenario with its counts, for the test log and the README's reliability table. */
export function reportScenario(name: string, counts: Record<string, number | string>): void {
  const fields = Object.entries(counts)
    .map(([key, value]) => `${key} ${value}`)
    .join(', ');
  console.log(`fault scenario ${name}: ${fields}`);
}
