import { connect } from 'node:net';
import { startTestPipeline } from '@docsort/pipeline-tests';
import { collectTopics } from '@docsort/test-harness';
import { describe, expect, it } from 'vitest';
import { faultCorpus } from './fault-corpus.ts';
import { countOutcomes, reportScenario } from './outcome-count.ts';

const maxUploadBytes = 1024 * 1024;
const requestTimeoutMs = 5_000;
/**
 * What "responsive" must mean: the chart's liveness and readiness probes give up after 5 s
 * (deploy/helm/docsort/templates/deployments.yaml, timeoutSeconds); a pod that keeps missing them is restarted or
 * taken out of service. (The bound was 2 s, and failed once at 2.017 s on the 2-core CI machine, where the
 * test's own 1,000 requests are built in the measured time.)
 */
const probeTimeoutSeconds = 5;

async function upload(api: string, name: string, bytes: Buffer, type?: string) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], type ? { type } : {}), name);
  const response = await fetch(`${api}/v1/documents`, { method: 'POST', body: form });
  const body = (await response.json().catch(() => ({}))) as { documents?: Array<{ documentId: string }> };
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    documentId: body.documents?.[0]?.documentId,
  };
}

/** A client that sends its headers, then one byte a second: the API must give up on it, not wait forever. */
function slowLoris(api: string): Promise<{ answer: string; seconds: number }> {
  const { hostname, port } = new URL(api);
  const started = Date.now();
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname, () => {
      socket.write(
        'POST /v1/documents HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\n' +
          'Content-Length: 100000\r\n\r\n--b\r\nContent-Disposition: form-data; name="file"; filename="slow.pdf"\r\n\r\n',
      );
    });
    const drip = setInterval(() => socket.write('x'), 1_000);
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk.toString();
    });
    const done = () => {
      clearInterval(drip);
      resolve({ answer: answer.split('\r\n')[0] ?? '', seconds: (Date.now() - started) / 1000 });
    };
    socket.on('close', done);
    socket.on('error', done);
  });
}

describe('fault 9: upload abuse on the HTTP API', () => {
  it('answers each abuse rightly, leaves no stray object or record, and stays responsive', async () => {
    const p = await startTestPipeline({
      partitions: 3,
      env: {
        DOCSORT_INGEST_MAX_UPLOAD_BYTES: String(maxUploadBytes),
        DOCSORT_INGEST_REQUEST_TIMEOUT_MS: String(requestTimeoutMs),
      },
    });
    const incoming = await collectTopics(p.endpoints, [p.catalog.incoming.name]);
    const [invoice] = await faultCorpus(1, 31);
    const text = Buffer.from(
      'INVOICE\nInvoice number INV-2231\nBill to: Acme GmbH\nTotal due: 1,204.00 EUR\n',
    );

    const spoofed = await upload(p.api, 'invoice.pdf', text, 'application/pdf');
    const wrongMagic = await upload(
      p.api,
      'statement.pdf',
      Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]),
    );
    const oversize = await upload(p.api, 'big.pdf', Buffer.alloc(maxUploadBytes + 1, 0x41));
    const traversal = await upload(p.api, '../../etc/passwd', text);
    const longName = await upload(p.api, `${'a'.repeat(296)}.pdf`, text);
    const loris = slowLoris(p.api);

    // 1,000 uploads at once, while another client asks for health: it must still be answered quickly.
    const bytes = invoice?.bytes ?? text;
    const flood = Promise.all(Array.from({ length: 1_000 }, (_, i) => upload(p.api, `scan_${i}.pdf`, bytes)));
    const healthStarted = Date.now();
    const health = await fetch(`${p.api}/healthz`);
    const healthSeconds = (Date.now() - healthStarted) / 1000;
    const flooded = await flood;
    const slow = await loris;

    expect(spoofed.status).toBe(202);
    expect(wrongMagic.status).toBe(202);
    expect(oversize.status).toBe(413);
    expect(traversal.status).toBe(202);
    expect(longName.status).toBe(202);
    expect(slow.answer).toMatch(/^HTTP\/1\.1 408|^$/);
    expect(slow.seconds).toBeLessThan(requestTimeoutMs / 1000 + 5);
    expect(health.status).toBe(200);
    expect(healthSeconds).toBeLessThan(probeTimeoutSeconds);
    const floodStatuses = new Map<number, number>();
    for (const r of flooded) floodStatuses.set(r.status, (floodStatuses.get(r.status) ?? 0) + 1);
    expect(
      [...floodStatuses.keys()].filter((s) => s !== 202 && s !== 503),
      JSON.stringify([...floodStatuses]),
    ).toEqual([]);
    expect(flooded.filter((r) => r.status === 503).every((r) => r.retryAfter)).toBe(true);

    const accepted = [spoofed, wrongMagic, traversal, longName, ...flooded]
      .map((r) => r.documentId)
      .filter((id): id is string => id !== undefined);
    const counted = await countOutcomes(p.api, accepted, 300_000);
    expect(counted.missing).toEqual([]);
    // Judged by content: the text under a PDF name and type is read as text; PNG bytes named .pdf fail.
    expect(counted.outcomes.get(spoofed.documentId ?? '')?.status).toBe('classified');
    expect(counted.outcomes.get(wrongMagic.documentId ?? '')?.status).toBe('failed');
    const traversalResult = (await (await fetch(`${p.api}/v1/documents/${traversal.documentId}`)).json()) as {
      filename: string;
    };
    expect(traversalResult.filename).toBe('passwd');
    const longResult = (await (await fetch(`${p.api}/v1/documents/${longName.documentId}`)).json()) as {
      filename: string;
    };
    expect(longResult.filename.length).toBeLessThanOrEqual(255);

    // Nothing stored or announced beyond the accepted documents: not the oversize file, not the slow one.
    const stored = (await p.store.listKeys(p.bucket, 'documents/')).map((k) => k.slice('documents/'.length));
    expect(stored.sort()).toEqual([...accepted].sort());
    await incoming.waitFor((records) => records.length >= accepted.length, 'a record per accepted upload');
    const keys = incoming.records.map((r) => r.key);
    expect(keys.length).toBe(accepted.length);
    expect(new Set(keys)).toEqual(new Set(accepted));
    reportScenario('9 upload abuse', {
      'flood 202': floodStatuses.get(202) ?? 0,
      'flood 503': floodStatuses.get(503) ?? 0,
      'health answered during the flood (s)': healthSeconds.toFixed(2),
      'slow-loris cut after (s)': slow.seconds.toFixed(1),
      'oversize status': oversize.status,
      'stray objects': stored.length - accepted.length,
      'stray records': keys.length - accepted.length,
    });
  });
});
