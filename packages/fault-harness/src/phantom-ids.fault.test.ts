import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { startTestPipeline } from '@docsort/pipeline-tests';
import { describe, expect, it } from 'vitest';
import { countOutcomes } from './outcome-count.ts';
import { StackFaults } from './stack-faults.ts';

/** One upload through the API; the status and, when accepted, the documentId it was given. */
async function upload(api: string, bytes: Buffer) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)]), 'scan_0003.txt');
  const response = await fetch(`${api}/v1/documents`, { method: 'POST', body: form });
  const body = (await response.json()) as { documents?: Array<{ documentId: string; duplicate: boolean }> };
  return { status: response.status, document: body.documents?.[0] };
}

describe('fault 6: Kafka goes away while a de-duplicated upload is announced', () => {
  it('leaves no index entry behind: the same file, uploaded again once Kafka is back, is processed', async () => {
    const p = await startTestPipeline({ env: { DOCSORT_INGEST_DEDUPLICATE: 'true' } });
    const bytes = Buffer.from(`INVOICE No. ${randomUUID()}\nAmount due: 120.00 EUR\nDue date: 2026-12-31\n`);
    // Every stage running first: the fault under test is Kafka leaving during an upload, not during start-up.
    const warmUp = await upload(p.api, Buffer.from(`warm-up ${randomUUID()}`));
    expect((await countOutcomes(p.api, [warmUp.document?.documentId as string], 120_000)).missing).toEqual(
      [],
    );
    const faults = new StackFaults();
    await faults.stop('kafka');
    try {
      // Stored and indexed, then the announce fails: the client is told to come back later.
      const refused = await upload(p.api, bytes);
      expect(refused.status).toBe(503);
    } finally {
      await faults.start('kafka');
    }
    let accepted = await upload(p.api, bytes);
    for (let attempt = 0; accepted.status === 503 && attempt < 60; attempt++) {
      await sleep(1_000); // the producer reconnects after the broker is back
      accepted = await upload(p.api, bytes);
    }
    expect(accepted.status).toBe(202);
    expect(accepted.document?.duplicate).toBe(false);
    const id = accepted.document?.documentId as string;
    const counted = await countOutcomes(p.api, [id], 120_000);
    expect(counted.missing).toEqual([]);
    expect(counted.outcomes.get(id)?.status).toBe('classified');
    // And a third upload is now the duplicate of a document that exists.
    expect((await upload(p.api, bytes)).document).toMatchObject({ documentId: id, duplicate: true });
  });
});
