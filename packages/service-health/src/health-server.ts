import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One dependency's state: ok, or not with the reason an operator needs. */
export type CheckResult = { readonly ok: true } | { readonly ok: false; readonly reason: string };
export type ReadinessCheck = () => Promise<CheckResult>;

const timeoutMs = 2_000;

async function run(check: ReadinessCheck): Promise<CheckResult> {
  try {
    return await Promise.race([
      check(),
      new Promise<CheckResult>((resolve) =>
        setTimeout(
          () => resolve({ ok: false, reason: `no answer within ${timeoutMs} ms` }),
          timeoutMs,
        ).unref(),
      ),
    ]);
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
}

/** The Prometheus exposition, produced at each scrape. */
export type MetricsScrape = () => Promise<{ contentType: string; body: string }>;

/**
 * `/healthz`: 200 while the process runs. `/readyz`: 200 when every check passes, else 503 with each
 * failing check's reason — what a Kubernetes probe and an operator both need. `/metrics` when given a scrape.
 */
export async function startHealthServer(
  port: number,
  checks: Readonly<Record<string, ReadinessCheck>>,
  metrics?: MetricsScrape,
): Promise<{ server: Server; url: string; close: () => Promise<void> }> {
  const server = createServer(async (request, response) => {
    const path = request.url?.split('?')[0];
    if (path === '/metrics' && metrics) {
      try {
        const { contentType, body } = await metrics();
        response.writeHead(200, { 'content-type': contentType }).end(body);
      } catch (error) {
        response.writeHead(500, { 'content-type': 'text/plain' }).end((error as Error).message);
      }
      return;
    }
    if (path === '/healthz') {
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      return;
    }
    if (path === '/readyz') {
      const results = Object.fromEntries(
        await Promise.all(
          Object.entries(checks).map(async ([name, check]) => [name, await run(check)] as const),
        ),
      );
      const ready = Object.values(results).every((r) => r.ok);
      response
        .writeHead(ready ? 200 : 503, { 'content-type': 'application/json' })
        .end(JSON.stringify({ status: ready ? 'ready' : 'not ready', checks: results }));
      return;
    }
    response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not_found"}');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '0.0.0.0', resolve);
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    server,
    url: `http://127.0.0.1:${bound}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
