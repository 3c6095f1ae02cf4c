import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import * as fixtures from '@docsort/extractors/testing';
import { startTestPipeline } from '@docsort/pipeline-tests';
import { uniqueName } from '@docsort/test-harness';
import { describe, expect, it } from 'vitest';
import { faultCorpus } from './fault-corpus.ts';
import { LoadGenerator } from './load-generator.ts';
import { countOutcomes, reportScenario } from './outcome-count.ts';

/** The extract process's bound with its one worker thread (DOCSORT_EXTRACT_MAX_HEAP_MB 512, plus Node). */
const rssBoundBytes = 1024 * 1024 * 1024;

/** A zip whose headers claim 1 KiB for an entry that inflates to `bytes`: sizes must not be trusted. */
async function forgedSizeZipBomb(bytes = 256 * 1024 * 1024): Promise<Buffer> {
  const archive = Buffer.from(await fixtures.zip({ 'statement.txt': Buffer.alloc(bytes, 0x30) }));
  for (const [signature, offset] of [
    [0x04034b50, 22],
    [0x02014b50, 24],
  ] as const) {
    for (
      let i = archive.indexOf(Buffer.from([0x50, 0x4b]));
      i >= 0;
      i = archive.indexOf(Buffer.from([0x50, 0x4b]), i + 1)
    ) {
      if (archive.readUInt32LE(i) === signature) archive.writeUInt32LE(1024, i + offset);
    }
  }
  return archive;
}

async function nestedZip(levels: number): Promise<Buffer> {
  let inner: Buffer = Buffer.from('INVOICE 1\nTotal due 12.00 EUR\n');
  let name = 'invoice.txt';
  for (let level = 0; level < levels; level++) {
    inner = await fixtures.zip({ [name]: inner });
    name = `level-${level}.zip`;
  }
  return inner;
}

function p99(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] ?? 0;
}

async function extractRss(metricsUrl: string): Promise<number> {
  const body = await (await fetch(metricsUrl)).text();
  const line = body.split('\n').find((l) => l.startsWith('process_resident_memory_bytes'));
  return Number(line?.slice(line.lastIndexOf(' ') + 1) ?? 0);
}

async function upload(api: string, name: string, bytes: Buffer): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)]), name);
  const response = await fetch(`${api}/v1/documents`, { method: 'POST', body: form });
  expect(response.status, name).toBe(202);
  return (
    ((await response.json()) as { documents: Array<{ documentId: string }> }).documents[0]?.documentId ?? ''
  );
}

describe('fault 8: hostile files', () => {
  it('rejects each with a reason, keeps extract healthy and within its memory bound, and others fast', async () => {
    const p = await startTestPipeline({
      partitions: 3,
      env: { DOCSORT_INGEST_MAX_UPLOAD_BYTES: String(64 * 1024 * 1024), DOCSORT_EXTRACT_MAX_HEAP_MB: '512' },
    });
    const extract = p.services.find((s) => s.name === 'extract');
    const corpus = await faultCorpus(40, 37);
    const latencies = async (ids: readonly string[]) => {
      const values: number[] = [];
      for (const id of ids) {
        const body = (await (await fetch(`${p.api}/v1/documents/${id}`)).json()) as {
          submittedAt: number;
          classifiedAt: number;
        };
        values.push(body.classifiedAt - body.submittedAt);
      }
      return values;
    };

    // Baseline: ordinary documents alone.
    const baseline = await new LoadGenerator(p.api, corpus, 4).start();
    await sleep(10_000);
    const before = await baseline.stop();
    const beforeIds = before.submitted.map((s) => s.documentId);
    expect((await countOutcomes(p.api, beforeIds)).missing).toEqual([]);
    const beforeP99 = p99(await latencies(beforeIds));

    // The same load, with hostile files in the middle of it.
    const marker = join(tmpdir(), uniqueName('cve-2024-4367'));
    const hostile: Record<string, Buffer> = {
      'report.docx': await fixtures.zipBombDocx(),
      'archive.zip': await forgedSizeZipBomb(),
      'statement.docx': await fixtures.forgedSizeDocx(),
      'ledger.xlsx': await fixtures.forgedSizeXlsx(),
      'nested.zip': await nestedZip(100),
      'scan_0001.pdf': fixtures.manyPagesPdf(20_000),
      'scan_0002.pdf': fixtures.lyingPageCountPdf(),
      'invoice.pdf': fixtures.fontMatrixInjectionPdf(
        `process.getBuiltinModule('fs').writeFileSync(${JSON.stringify(marker)}, 'pwned')`,
      ),
      'mail.eml': fixtures.eml(
        'Statements',
        'See attached.',
        Array.from({ length: 10_000 }, (_, i) => ({
          filename: `statement-${i}.txt`,
          contentType: 'text/plain',
          content: Buffer.from(`statement ${i}`),
        })),
      ),
    };
    const during = new LoadGenerator(p.api, corpus, 4).start();
    await sleep(2_000);
    const hostileIds = new Map<string, string>();
    for (const [name, bytes] of Object.entries(hostile))
      hostileIds.set(name, await upload(p.api, name, bytes));
    let peakRss = 0;
    let unhealthy = 0;
    const watch = setInterval(async () => {
      peakRss = Math.max(peakRss, await extractRss(extract?.metricsUrl ?? '').catch(() => 0));
      const health = await fetch(extract?.readyUrl.replace('/readyz', '/healthz') ?? '').catch(
        () => undefined,
      );
      if (!health?.ok) unhealthy += 1;
    }, 500);
    await sleep(12_000);
    const after = await during.stop();
    const afterIds = after.submitted.map((s) => s.documentId);
    const counted = await countOutcomes(p.api, [...afterIds, ...hostileIds.values()], 300_000);
    clearInterval(watch);
    const afterP99 = p99(await latencies(afterIds));

    const outcomes = Object.fromEntries(
      [...hostileIds].map(([name, id]) => {
        const outcome = counted.outcomes.get(id);
        return [
          name,
          outcome ? [outcome.status, outcome.reason, outcome.message].filter(Boolean).join(' ') : 'missing',
        ];
      }),
    );
    reportScenario('8 hostile files', {
      ...outcomes,
      'extract peak RSS (MiB)': Math.round(peakRss / 1024 / 1024),
      'failed health checks': unhealthy,
      'others p99 before (ms)': beforeP99,
      'others p99 during (ms)': afterP99,
    });
    expect(counted.missing).toEqual([]);
    const outcomeOf = (name: string) => counted.outcomes.get(hostileIds.get(name) ?? '');
    // Rejected, each with its reason.
    expect(outcomeOf('report.docx')).toMatchObject({ status: 'failed', reason: 'TOO_LARGE' });
    expect(outcomeOf('archive.zip')).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(/CORRUPT|TOO_LARGE/),
    });
    // Office files whose headers understate their parts: stopped while inflating, before their parser.
    expect(outcomeOf('statement.docx')).toMatchObject({ status: 'failed', reason: 'TOO_LARGE' });
    expect(outcomeOf('ledger.xlsx')).toMatchObject({ status: 'failed', reason: 'TOO_LARGE' });
    expect(outcomeOf('scan_0001.pdf')).toMatchObject({ status: 'failed', reason: 'TOO_LARGE' });
    expect(outcomeOf('mail.eml')).toMatchObject({ status: 'failed', reason: 'TOO_LARGE' });
    // The nested ZIP: its members are followed DOCSORT_EXTRACT_MAX_DEPTH levels, then the archive found
    // there is refused (the outer archive itself is a document, classified by its listing).
    const descendants = (await p.store.listKeys(p.bucket, 'results/'))
      .map((key) => key.slice('results/'.length, -'.json'.length))
      .filter((id) => !counted.outcomes.has(id));
    const descendantOutcomes = await countOutcomes(p.api, descendants, 10_000);
    expect(
      [...descendantOutcomes.outcomes.values()].some(
        (o) => o.status === 'failed' && o.reason === 'TOO_LARGE' && /nested/.test(o.message ?? ''),
      ),
      JSON.stringify([...descendantOutcomes.outcomes.values()]),
    ).toBe(true);
    // Not rejected but handled safely: a page count that lies, and a PDF carrying the CVE-2024-4367 exploit.
    expect(outcomeOf('scan_0002.pdf')?.status).toBeDefined();
    expect(outcomeOf('invoice.pdf')?.status).toBeDefined();
    expect(existsSync(marker), 'the CVE-2024-4367 payload ran').toBe(false);
    expect(afterIds.every((id) => counted.outcomes.get(id)?.status === 'classified')).toBe(true);
    expect(unhealthy).toBe(0);
    expect(peakRss).toBeGreaterThan(0);
    expect(peakRss).toBeLessThan(rssBoundBytes);
    expect(afterP99).toBeLessThanOrEqual(Math.max(2 * beforeP99, beforeP99 + 1_000));
  });
});
