import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensurePythonEnvironment } from '@docsort/test-harness';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiKeyEntry, parseApiKeyEntries } from './caller-identity.ts';
import { startIngestApiFixture } from './testing/ingest-api-fixture.ts';

const requirements = join(dirname(fileURLToPath(import.meta.url)), '..', 'openapi-fuzz', 'requirements.txt');
const key = `fuzz-${randomUUID()}`;
const apiKeys = parseApiKeyEntries(apiKeyEntry('fuzz', key));
let schemathesis: string;

interface OpenApiDocument {
  paths: Record<string, Record<string, unknown>>;
}

/** The API with keys configured, and its own description of itself saved where schemathesis can read it. */
async function apiWithSpec() {
  const api = await startIngestApiFixture({ apiKeys });
  const spec = (await (await fetch(`${api.address}/openapi.json`)).json()) as OpenApiDocument;
  const workDir = mkdtempSync(join(tmpdir(), 'docsort-fuzz-'));
  const specFile = join(workDir, 'openapi.json');
  writeFileSync(specFile, JSON.stringify(spec));
  return { ...api, spec, specFile, workDir };
}

/**
 * `schemathesis run` in `workDir`; resolves with its exit code and its report (stdout and stderr). A fresh
 * directory each run: schemathesis keeps the failures it found in `.schemathesis/` under its working directory
 * and replays them first, which would make a run depend on the ones before it.
 */
function runSchemathesis(workDir: string, args: string[]): Promise<{ code: number | null; report: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      schemathesis,
      ['run', ...args],
      // The bound on the whole run: --max-examples keeps it far below this on a 2-core machine.
      { cwd: workDir, timeout: 100_000, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } },
      (error, stdout, stderr) => {
        const report = `${stdout}\n${stderr}`;
        if (error && typeof error.code !== 'number') return reject(new Error(`${error.message}\n${report}`));
        resolve({ code: error ? (error.code as number) : 0, report });
      },
    );
  });
}

/** A request exactly as sent: the path is not normalised by any client library on the way. */
function rawStatus(address: string, method: string, path: string): Promise<number> {
  const { hostname, port } = new URL(address);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, method, path }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the HTTP API fuzzed from its own OpenAPI description', () => {
  beforeAll(async () => {
    schemathesis = join(dirname(await ensurePythonEnvironment(requirements)), 'schemathesis');
  }, 300_000);

  it('answers every generated request as its description says, never with a server error', async () => {
    const api = await apiWithSpec();
    const { code, report } = await runSchemathesis(api.workDir, [
      api.specFile,
      '--url',
      api.address,
      '--header',
      `X-API-Key: ${key}`,
      '--checks',
      'not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance,positive_data_acceptance,ignored_auth',
      '--max-examples',
      '25',
      '--seed',
      '22',
      '--generation-database',
      'none',
      '--workers',
      '2',
      '--request-timeout',
      '10',
      '--no-color',
      '--continue-on-failure',
    ]);
    expect(code, report).toBe(0);
  }, 120_000);

  it('answers 401 to every /v1 operation without credentials, however its path is spelt', async () => {
    const api = await apiWithSpec();
    const operations = Object.entries(api.spec.paths)
      .filter(([path]) => path.startsWith('/v1/'))
      .flatMap(([path, methods]) => Object.keys(methods).map((method) => ({ method, path })));
    expect(operations.length).toBeGreaterThan(0);
    const answers: string[] = [];
    for (const { method, path } of operations) {
      const concrete = path.replace(/\{[^}]+\}/g, randomUUID());
      // The same route through encodings a router decodes and a prefix check might not.
      for (const spelling of [
        concrete,
        concrete.replace('/v1/', '/%761/'),
        concrete.replace('/v1/', '/v%31/'),
      ]) {
        answers.push(
          `${method.toUpperCase()} ${spelling} -> ${await rawStatus(api.address, method, spelling)}`,
        );
      }
      expect(api.spec.paths[path]?.[method], `${method} ${path} declares 401`).toMatchObject({
        responses: { 401: expect.anything() },
      });
    }
    expect(answers.filter((answer) => !answer.endsWith('-> 401'))).toEqual([]);
  });

  it('declares the statuses it answers to requests the fuzzer does not make', async () => {
    const api = await apiWithSpec();
    const headers = { 'x-api-key': key };
    const feedback = `${api.address}/v1/documents/${randomUUID()}/feedback`;
    const metadataPart = (text: string) => {
      const boundary = 'fuzz-boundary';
      const body =
        `--${boundary}\r\nContent-Disposition: form-data; name="metadata"\r\nContent-Type: application/json\r\n\r\n` +
        `${text}\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\n` +
        `text\r\n--${boundary}--\r\n`;
      return { body, headers: { ...headers, 'content-type': `multipart/form-data; boundary=${boundary}` } };
    };
    const probes = [
      {
        operation: ['/v1/documents/{id}/feedback', 'post'],
        response: await fetch(feedback, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/xml' },
          body: 'x',
        }),
      },
      {
        operation: ['/v1/documents/{id}/feedback', 'post'],
        response: await fetch(feedback, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body: JSON.stringify({ label: 'other', note: 'x'.repeat(2 * 1024 * 1024) }),
        }),
      },
      {
        operation: ['/v1/documents', 'post'],
        response: await fetch(`${api.address}/v1/documents`, {
          method: 'POST',
          ...metadataPart('{not json'),
        }),
      },
    ] as const;
    const undeclared = probes
      .map(({ operation: [path, method], response }) => ({ path, method, status: response.status }))
      .filter(({ path, method, status }) => {
        const declared = api.spec.paths[path]?.[method] as { responses: object } | undefined;
        return !declared || !(String(status) in declared.responses) || status >= 500;
      });
    expect(undeclared).toEqual([]);
  });
});
