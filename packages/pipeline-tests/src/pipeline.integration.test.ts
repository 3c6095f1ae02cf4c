import { randomUUID } from 'node:crypto';
import { type DocumentClassified, type DocumentIncoming, messageSchema } from '@docsort/contracts';
import * as fixtures from '@docsort/extractors/testing';
import { waitUntil } from '@docsort/local-stack';
import { type Sample, sampleFile, synthesize } from '@docsort/synth';
import { loadTaxonomy } from '@docsort/taxonomy';
import { collectTopics, sampleIncoming } from '@docsort/test-harness';
import { describe, expect, it } from 'vitest';
import { startTestPipeline } from './test-pipeline.ts';

type Pipeline = Awaited<ReturnType<typeof startTestPipeline>>;

/** Test-split documents of every label, in the formats that need no OCR (OCR has its own tests). */
async function goodDocuments(count: number, seed: number): Promise<Array<{ sample: Sample; bytes: Buffer }>> {
  const samples = [
    ...synthesize({
      taxonomy: loadTaxonomy(),
      seed,
      perLabel: Math.ceil((count * 5) / 25) + 5,
      formats: ['pdf', 'docx', 'xlsx', 'html', 'eml', 'txt'],
    }),
  ].filter((s) => s.split === 'test');
  const picked = Array.from({ length: count }, (_, i) => samples[(i * 7) % samples.length] as Sample);
  return Promise.all(picked.map(async (sample) => ({ sample, bytes: await sampleFile(sample) })));
}

async function upload(
  p: Pipeline,
  name: string,
  bytes: Buffer,
): Promise<{ status: number; documentId?: string }> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)]), name);
  const response = await fetch(`${p.api}/v1/documents`, { method: 'POST', body: form });
  if (response.status !== 202) return { status: response.status };
  const body = (await response.json()) as { documents: Array<{ documentId: string }> };
  return { status: 202, documentId: body.documents[0]?.documentId };
}

async function status(p: Pipeline, documentId: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${p.api}/v1/documents/${documentId}`);
  return { httpStatus: response.status, ...((await response.json()) as Record<string, unknown>) };
}

/** Polls the API until every document has a final status (classified or failed). */
async function finalStatuses(p: Pipeline, ids: readonly string[], timeoutMs = 240_000) {
  const done = new Map<string, Record<string, unknown>>();
  await waitUntil(
    async () => {
      for (const id of ids.filter((d) => !done.has(d))) {
        const s = await status(p, id);
        if (s.httpStatus === 200) done.set(id, s);
      }
      return done.size === ids.length;
    },
    { timeoutMs, intervalMs: 500, description: `final statuses for ${ids.length} documents` },
  ).catch((error: Error) => {
    throw new Error(`${error.message}: ${ids.length - done.size} still pending`);
  });
  return done;
}

describe('the pipeline, four services as processes', () => {
  it('classifies every good document from every way in, fails every bad one with its reason, through a SIGKILL', async () => {
    const p = await startTestPipeline();
    const collector = await collectTopics(p.endpoints, [p.catalog.classified.name]);
    const good = await goodDocuments(48, 11);

    // HTTP uploads, the first half before the kill, the second half after.
    const http: string[] = [];
    for (const { sample, bytes } of good.slice(0, 16)) {
      const r = await upload(p, sample.filename, bytes);
      expect(r.status).toBe(202);
      http.push(r.documentId as string);
    }
    // Bad files are normal input: each ends with a failed status and the reason.
    const bad: Array<[string, Buffer, string]> = [
      ['scan_0001.pdf', (await fixtures.pdf(['INVOICE 1'])).subarray(0, 200), 'CORRUPT'],
      ['statement.pdf', await fixtures.pdf(['BANK STATEMENT'], { userPassword: 'secret' }), 'ENCRYPTED'],
      ['report.docx', await fixtures.zipBombDocx(), 'TOO_LARGE'],
      ['IMG_2231.jpg', fixtures.unknownBinary(), 'UNSUPPORTED_TYPE'],
    ];
    const badIds: Array<[string, string]> = [];
    for (const [name, bytes, reason] of bad) {
      const r = await upload(p, name, bytes);
      expect(r.status).toBe(202);
      badIds.push([r.documentId as string, reason]);
    }

    // The classify service dies mid-stream, without a chance to commit; it comes back.
    p.kill('classify');
    // Direct produce: a producer stores the file itself and announces it.
    const incomingSerializer = await p.serde.serializer<DocumentIncoming>(
      p.catalog.incoming.subject,
      messageSchema('DocumentIncoming'),
    );
    const direct: string[] = [];
    for (const [i, { sample, bytes }] of good.slice(16, 28).entries()) {
      const key = `direct/${i}-${sample.filename}`;
      const stored = await p.store.write(p.bucket, key, bytes);
      const incoming = sampleIncoming({
        object: { bucket: p.bucket, key, versionId: stored.versionId, etag: stored.etag },
        filename: sample.filename,
        declaredContentType: null,
        size: bytes.length,
        tenant: null,
        parentDocumentId: null,
        attributes: {},
      });
      await p.producer.send({
        topic: p.catalog.incoming.name,
        acks: -1,
        messages: [{ key: incoming.documentId, value: incomingSerializer.serialize(incoming) }],
      });
      direct.push(incoming.documentId);
    }
    // Bucket drops: files put into the inbox bucket, announced by MinIO's own notification.
    const drops = good.slice(28, 36);
    for (const [i, { sample, bytes }] of drops.entries()) {
      await p.store.write(p.inboxBucket, `drop-${i}-${sample.filename}`, bytes);
    }
    p.restart('classify');
    for (const { sample, bytes } of good.slice(36)) {
      const r = await upload(p, sample.filename, bytes);
      http.push(r.documentId as string);
    }

    const ids = [...http, ...direct];
    const statuses = await finalStatuses(p, [...ids, ...badIds.map(([id]) => id)]);
    const truth = new Map(
      [...good.slice(0, 16), ...good.slice(36)].map(({ sample }, i) => [http[i], sample.label]),
    );
    for (const [i, { sample }] of good.slice(16, 28).entries()) truth.set(direct[i] as string, sample.label);
    for (const id of ids) expect(statuses.get(id)?.status, id).toBe('classified');
    const correct = ids.filter((id) => statuses.get(id)?.label === truth.get(id)).length;
    expect(correct / ids.length).toBeGreaterThanOrEqual(0.8);
    for (const [id, reason] of badIds) expect(statuses.get(id)).toMatchObject({ status: 'failed', reason });

    // The drops: found on documents.classified by their file names; each classified once at least.
    const deserializer = p.serde.deserializer<DocumentClassified>(messageSchema('DocumentClassified'));
    await collector.waitFor(
      () => collector.records.length >= ids.length + drops.length,
      'every document, drops included, on documents.classified',
      120_000,
    );
    const classified = await Promise.all(collector.records.map((r) => deserializer.deserialize(r.value)));
    for (const [i, { sample }] of drops.entries()) {
      expect(classified.some((c) => c.filename.endsWith(`drop-${i}-${sample.filename}`))).toBe(true);
    }
    const perDocument = new Map<string, number>();
    for (const c of classified) perDocument.set(c.documentId, (perDocument.get(c.documentId) ?? 0) + 1);
    expect(perDocument.size).toBe(ids.length + drops.length);
    console.log(
      `e2e: ${ids.length + drops.length} good documents classified (${correct}/${ids.length} correct by id), ` +
        `${badIds.length} failed with their reasons; redelivered after the SIGKILL: ` +
        `${[...perDocument.values()].filter((n) => n > 1).length} documents`,
    );
  }, 420_000);

  it('scales out: two instances of each consumer service, every document exactly one result', async () => {
    const p = await startTestPipeline({ instances: 2 });
    const good = await goodDocuments(40, 23);
    const ids: string[] = [];
    for (const { sample, bytes } of good)
      ids.push(
        (await upload(p, `${randomUUID().slice(0, 4)}-${sample.filename}`, bytes)).documentId as string,
      );
    const statuses = await finalStatuses(p, ids);
    expect([...statuses.values()].every((s) => s.status === 'classified')).toBe(true);
    const results = await p.store.listKeys(p.bucket, 'results/');
    expect(results.sort()).toEqual(ids.map((id) => `results/${id}.json`).sort());
  }, 420_000);
});
