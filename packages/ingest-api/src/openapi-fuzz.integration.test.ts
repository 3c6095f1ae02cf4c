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
  const specFile = join(mkdtempSync(join(tmpdir(), 'docsort-fuzz-')), 'openapi.json');
  writeFileSync(specFile, JSON.stringify(spec));
  return { ...api, spec, specFile };
}

/** `schemathesis run`; resolves with its exit code and its report (stdout and stderr). */
function runSchemathesis(args: string[]): Promise<{ code: number | null; report: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      schemathesis,
      ['run', ...args],
      // The bound on the whole run: --max-examples keeps it far below this on a 2-core machine.
      { timeout: 100_000, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } },
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
    const { code, report } = await runSchemathesis([
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
});
