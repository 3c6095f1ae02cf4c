import { randomUUID } from 'node:crypto';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeCorrection } from '@docsort/document-results';
import { objectKeys } from '@docsort/object-store';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { describe, expect, it, onTestFinished } from 'vitest';
import { hashApiKey, parseApiKeyEntries } from './caller-identity.ts';
import { startIngestApiFixture } from './testing/ingest-api-fixture.ts';

const keys = { acme: `acme-${randomUUID()}`, globex: `globex-${randomUUID()}` };
const apiKeys = parseApiKeyEntries(
  Object.entries(keys)
    .map(([tenant, key]) => `${tenant}:${hashApiKey(key).toString('hex')}`)
    .join('\n'),
);
const file = (text = `text ${randomUUID()}`) => [{ bytes: Buffer.from(text), name: 'a.txt' }];

type Api = Awaited<ReturnType<typeof startIngestApiFixture>>;

async function submit(api: Api, key: string, text?: string, fields: Record<string, string> = {}) {
  const response = await api.upload(file(text), fields, { 'x-api-key': key });
  expect(response.status).toBe(202);
  const [document] = ((await response.json()) as { documents: Array<{ documentId: string }> }).documents;
  return document?.documentId as string;
}

/** A request exactly as sent: the path is not normalised by any client library on the way. */
function rawRequest(address: string, method: string, path: string, headers: Record<string, string> = {}) {
  const { hostname, port } = new URL(address);
  return new Promise<number>((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, method, path, headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('authentication holds on the route that matched', () => {
  it('refuses encoded and absolute-form paths without a key, as the plain path', async () => {
    const api = await startIngestApiFixture({ apiKeys });
    const id = await submit(api, keys.acme);
    for (const path of [
      '/v1/documents',
      '/%761/documents',
      '/v%31/documents',
      `http://${new URL(api.address).host}/v1/documents`,
    ]) {
      expect(
        await rawRequest(api.address, 'POST', path, { 'content-type': 'multipart/form-data; boundary=x' }),
      ).toBe(401);
    }
    for (const path of [`/v1/documents/${id}`, `/%761/documents/${id}`, `/%76%31/documents/${id}`]) {
      expect(await rawRequest(api.address, 'GET', path)).toBe(401);
      expect(await rawRequest(api.address, 'GET', path, { 'x-api-key': keys.acme })).toBe(202);
    }
  });

  it('sheds load on the upload route however its path is spelt', async () => {
    const api = await startIngestApiFixture({ maxConcurrentUploads: 1 });
    // One upload held open: headers sent, body unfinished.
    const { hostname, port } = new URL(api.address);
    const held = httpRequest({
      host: hostname,
      port,
      method: 'POST',
      path: '/v1/documents',
      headers: { 'content-type': 'multipart/form-data; boundary=x', 'content-length': '1000' },
    });
    held.on('error', () => undefined);
    held.write('--x\r\n');
    onTestFinished(() => {
      held.destroy();
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await rawRequest(api.address, 'POST', '/%761/documents')).toBe(503);
    expect(await rawRequest(api.address, 'POST', '/v1/documents')).toBe(503);
  });
});

describe('tenants come from the credential', () => {
  it("keeps one tenant's documents from another: results, feedback and de-duplication", async () => {
    const api = await startIngestApiFixture({ apiKeys, deduplicate: true });
    const text = `the same file ${randomUUID()}`;
    const acmeDoc = await submit(api, keys.acme, text);
    const globexDoc = await submit(api, keys.globex, text);
    expect(globexDoc).not.toBe(acmeDoc);
    const get = (id: string, key: string) =>
      fetch(`${api.address}/v1/documents/${id}`, { headers: { 'x-api-key': key } });
    expect((await get(acmeDoc, keys.acme)).status).toBe(202);
    expect((await get(acmeDoc, keys.globex)).status).toBe(404);
    const feedback = (id: string, key: string) =>
      fetch(`${api.address}/v1/documents/${id}/feedback`, {
        method: 'POST',
        headers: { 'x-api-key': key, 'content-type': 'application/json' },
        body: JSON.stringify({ label: 'invoice' }),
      });
    expect((await feedback(acmeDoc, keys.globex)).status).toBe(404);
    expect((await feedback(acmeDoc, keys.acme)).status).toBe(202);
    const erase = (id: string, key: string) =>
      fetch(`${api.address}/v1/documents/${id}`, { method: 'DELETE', headers: { 'x-api-key': key } });
    expect((await erase(acmeDoc, keys.globex)).status).toBe(404);
    expect((await get(acmeDoc, keys.acme)).status).toBe(202);
    expect((await erase(acmeDoc, keys.acme)).status).toBe(204);
    expect((await get(acmeDoc, keys.acme)).status).toBe(404);
    // A caller may not speak for another tenant in metadata.
    const claimed = await api.upload(
      file(),
      { metadata: JSON.stringify({ tenant: 'globex' }) },
      {
        'x-api-key': keys.acme,
      },
    );
    expect(claimed.status).toBe(403);
  });

  it('records who submitted a document, with the tenant, on the stored original and in the result', async () => {
    const api = await startIngestApiFixture({ apiKeys });
    const id = await submit(api, keys.acme);
    const metadata = await api.store.metadata(api.bucket, objectKeys.document(id));
    expect(metadata).toMatchObject({
      'docsort-tenant': 'acme',
      'docsort-submitted-by': expect.stringMatching(/^key:acme\//),
    });
    await api.collector.waitFor((r) => r.length === 1, 'the DocumentIncoming');
    const [announced] = await api.incoming();
    expect(announced?.tenant).toBe('acme');
    // A result, as the sink writes it: the API adds who submitted it.
    await api.store.write(
      api.bucket,
      objectKeys.result(id),
      Buffer.from(
        JSON.stringify({
          documentId: id,
          status: 'failed',
          failure: { stage: 'extract', reason: 'EMPTY', message: 'm', failedAt: 1 },
        }),
      ),
    );
    const result = await (
      await fetch(`${api.address}/v1/documents/${id}`, { headers: { 'x-api-key': keys.acme } })
    ).json();
    expect(result).toMatchObject({ status: 'failed', submittedBy: expect.stringMatching(/^key:acme\//) });
    // Once a reviewer labelled it (the sink records the correction), the result says so, and who did.
    const correction = { label: 'invoice', reviewer: 'key:acme/0123abcd', at: 1_700_000_000_000 };
    await writeCorrection(api.store, id, correction);
    const reviewed = await (
      await fetch(`${api.address}/v1/documents/${id}`, { headers: { 'x-api-key': keys.acme } })
    ).json();
    expect(reviewed).toMatchObject({ status: 'reviewed', reason: 'EMPTY', correction });
  });

  it('accepts a JWT of the configured issuer and audience, its tenant from a claim', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256' }] };
    const issuerServer = createServer((_req, res) => res.end(JSON.stringify(jwks)));
    await new Promise<void>((resolve) => issuerServer.listen(0, '127.0.0.1', resolve));
    onTestFinished(() => new Promise<void>((resolve) => issuerServer.close(() => resolve())));
    const jwksUrl = `http://127.0.0.1:${(issuerServer.address() as AddressInfo).port}/jwks`;
    const issuer = 'https://login.example.test/';
    const api = await startIngestApiFixture({
      oidc: { issuer, audience: 'docsort', tenantClaim: 'org', jwksUrl },
    });
    const token = (claims: Record<string, unknown>, key = privateKey) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setIssuer(issuer)
        .setAudience((claims.aud as string) ?? 'docsort')
        .setSubject('user-7')
        .setExpirationTime('5m')
        .sign(key);
    const upload = async (bearer: string) =>
      (await api.upload(file(), {}, { authorization: `Bearer ${bearer}` })).status;
    expect(await upload(await token({ org: 'acme' }))).toBe(202);
    expect(await upload(await token({ org: 'acme', aud: 'someone-else' }))).toBe(401);
    expect(await upload(await token({}))).toBe(401);
    const stranger = await generateKeyPair('RS256');
    expect(await upload(await token({ org: 'acme' }, stranger.privateKey))).toBe(401);
    await api.collector.waitFor((r) => r.length === 1, 'the DocumentIncoming');
    const [announced] = await api.incoming();
    expect(announced?.tenant).toBe('acme');
  });
});
