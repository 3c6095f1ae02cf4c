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

/** The extract service's input limit in this test: a file over it is the oversize case. */
const maxBytes = 2 * 1024 * 1024;

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
    const p = await startTestPipeline({ env: { DOCSORT_EXTRACT_MAX_BYTES: String(maxBytes) } });
    const collector = await collectTopics(p.endpoints, [p.catalog.classified.name]);
    // 300 over HTTP (half before the kill, half after), 100 produced directly, 20 dropped into the inbox.
    const good = await goodDocuments(420, 11);
    const [httpBefore, direct, drops, httpAfter] = [
      good.slice(0, 150),
      good.slice(150, 250),
      good.slice(250, 270),
      good.slice(270),
    ];
    const truth = new Map<string, string>();
    const uploadAll = async (documents: typeof good) => {
      for (const { sample, bytes } of documents) {
        const r = await upload(p, sample.filename, bytes);
        expect(r.status).toBe(202);
        truth.set(r.documentId as string, sample.label);
      }
    };
    const incomingSerializer = await p.serde.serializer<DocumentIncoming>(
      p.catalog.incoming.subject,
      messageSchema('DocumentIncoming'),
    );
    /** Direct produce: a producer stores the file itself and announces it. */
    const produceDirect = async (key: string, filename: string, bytes: Buffer) => {
      const stored = await p.store.write(p.bucket, key, bytes);
      const incoming = sampleIncoming({
        object: { bucket: p.bucket, key, versionId: stored.versionId, etag: stored.etag },
        filename,
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
      return incoming.documentId;
    };

    await uploadAll(httpBefore);
    // 30 bad files are normal input: each ends with a failed status and its reason.
    const badIds: Array<[string, string]> = [];
    for (let i = 0; i < 5; i++) {
      const overHttp: Array<[string, Buffer, string]> = [
        [`scan_00${i}.pdf`, (await fixtures.pdf([`INVOICE ${i}`])).subarray(0, 200), 'CORRUPT'],
        [
          `statement${i}.pdf`,
          await fixtures.pdf([`BANK STATEMENT ${i}`], { userPassword: 'secret' }),
          'ENCRYPTED',
        ],
        [`report${i}.docx`, await fixtures.zipBombDocx(), 'TOO_LARGE'],
        [`IMG_223${i}.jpg`, fixtures.unknownBinary(), 'UNSUPPORTED_TYPE'],
      ];
      for (const [name, bytes, reason] of overHttp) {
        const r = await upload(p, name, bytes);
        expect(r.status).toBe(202);
        badIds.push([r.documentId as string, reason]);
      }
      // An empty object and one over the extraction limit come from a producer (the API refuses the latter).
      badIds.push([await produceDirect(`direct/empty-${i}.pdf`, `empty-${i}.pdf`, Buffer.alloc(0)), 'EMPTY']);
      badIds.push([
        await produceDirect(`direct/huge-${i}.pdf`, `huge-${i}.pdf`, Buffer.alloc(maxBytes + 1, 0x41)),
        'TOO_LARGE',
      ]);
    }

    // The classify service dies mid-stream, without a chance to commit; it comes back.
    p.kill('classify');
    for (const [i, { sample, bytes }] of direct.entries()) {
      truth.set(await produceDirect(`direct/${i}-${sample.filename}`, sample.filename, bytes), sample.label);
    }
    // Bucket drops: files put into the inbox bucket, announced by MinIO's own notification.
    for (const [i, { sample, bytes }] of drops.entries()) {
      await p.store.write(p.inboxBucket, `drop-${i}-${sample.filename}`, bytes);
    }
    p.restart('classify');
    await uploadAll(httpAfter);

    const ids = [...truth.keys()];
    const statuses = await finalStatuses(p, [...ids, ...badIds.map(([id]) => id)]);
    for (const id of ids) expect(statuses.get(id)?.status, id).toBe('classified');
    const correct = ids.filter((id) => statuses.get(id)?.label === truth.get(id)).length;
    expect(correct / ids.length).toBeGreaterThanOrEqual(0.8);
    for (const [id, reason] of badIds) expect(statuses.get(id)).toMatchObject({ status: 'failed', reason });

    // The drops: found on documents.classified by their file names. Every document there, none missing.
    const deserializer = p.serde.deserializer<DocumentClassified>(messageSchema('DocumentClassified'));
    await collector.waitFor(
      () => new Set(collector.records.map((r) => r.key)).size >= ids.length + drops.length,
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
    // At-least-once: a record the killed classify had done but not committed is classified again — its
    // result is the same, and the sink's result file is written twice with the same content.
    console.log(
      `e2e: ${ids.length + drops.length} good documents classified (${correct}/${ids.length} correct), ` +
        `${badIds.length} bad ones failed with their reasons; classified again after the SIGKILL: ` +
        `${[...perDocument.values()].filter((n) => n > 1).length} documents`,
    );
  }, 600_000);

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
