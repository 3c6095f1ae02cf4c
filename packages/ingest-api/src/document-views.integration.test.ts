import { randomUUID } from 'node:crypto';
import { docx, pdf } from '@docsort/extractors/testing';
import { objectKeys } from '@docsort/object-store';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { hashApiKey, parseApiKeyEntries } from './caller-identity.ts';
import { startIngestApiFixture } from './testing/ingest-api-fixture.ts';

const keys = { acme: `acme-${randomUUID()}`, globex: `globex-${randomUUID()}` };
const apiKeys = parseApiKeyEntries(
  Object.entries(keys)
    .map(([tenant, key]) => `${tenant}:${hashApiKey(key).toString('hex')}`)
    .join('\n'),
);

type Api = Awaited<ReturnType<typeof startIngestApiFixture>>;

async function submit(api: Api, bytes: Buffer, name: string, headers: Record<string, string> = {}) {
  const response = await api.upload([{ bytes, name }], {}, headers);
  expect(response.status).toBe(202);
  const { documents } = (await response.json()) as { documents: Array<{ documentId: string }> };
  return documents[0]?.documentId as string;
}

describe("a document's page images and text", () => {
  it('renders a PDF page as PNG with the page count, and none past the last page', async () => {
    const api = await startIngestApiFixture();
    const id = await submit(
      api,
      await pdf([], { pages: [['Invoice 1042'], ['Terms'], ['Bank details']] }),
      'invoice.pdf',
    );
    const page = await fetch(`${api.address}/v1/documents/${id}/pages/2`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('image/png');
    expect(page.headers.get('x-page-count')).toBe('3');
    expect(page.headers.get('cache-control')).toBe('no-store');
    const { width, height, format } = await sharp(Buffer.from(await page.arrayBuffer())).metadata();
    expect({ format, height }).toEqual({ format: 'png', height: 1600 });
    expect(width).toBeLessThan(height as number);

    const past = await fetch(`${api.address}/v1/documents/${id}/pages/4`);
    expect(past.status).toBe(404);
    expect(await past.json()).toMatchObject({ error: 'no_such_page' });
    expect((await fetch(`${api.address}/v1/documents/${id}/pages/0`)).status).toBe(400);
    const text = await fetch(`${api.address}/v1/documents/${id}/text`);
    expect(text.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await text.text()).toContain('Bank details');
  });

  it('turns a photo upright as its EXIF tag says, scaled down to 1600 px', async () => {
    const api = await startIngestApiFixture();
    const photo = await sharp({ create: { width: 3200, height: 2400, channels: 3, background: '#2a6' } })
      .jpeg()
      .withMetadata({ orientation: 8 })
      .toBuffer();
    const id = await submit(api, photo, 'photo.jpg');
    const page = await fetch(`${api.address}/v1/documents/${id}/pages/1`);
    expect(page.status).toBe(200);
    expect(page.headers.get('x-page-count')).toBe('1');
    const { width, height } = await sharp(Buffer.from(await page.arrayBuffer())).metadata();
    expect({ width, height }).toEqual({ width: 1200, height: 1600 });
    expect((await fetch(`${api.address}/v1/documents/${id}/pages/2`)).status).toBe(404);
  });

  it('has text, not page images, for other formats: extracted again, or the stored full text', async () => {
    const api = await startIngestApiFixture();
    const id = await submit(
      api,
      await docx(['Dear Ms Novak,', 'your contract renews on 1 March.']),
      'letter.docx',
    );
    const pages = await fetch(`${api.address}/v1/documents/${id}/pages/1`);
    expect(pages.status).toBe(404);
    expect(await pages.json()).toMatchObject({ error: 'no_page_images' });
    expect(await (await fetch(`${api.address}/v1/documents/${id}/text`)).text()).toBe(
      'Dear Ms Novak,\n\nyour contract renews on 1 March.',
    );
    // A long document's text, as the extract stage stored it, is served as it is.
    await api.store.write(api.bucket, objectKeys.fullText(id), Buffer.from('the stored full text'), {});
    expect(await (await fetch(`${api.address}/v1/documents/${id}/text`)).text()).toBe('the stored full text');
  });

  it('answers 404 with the reason for a file it cannot draw, and empty text for an empty file', async () => {
    const api = await startIngestApiFixture();
    const broken = await submit(api, Buffer.from('%PDF-1.7\n1 0 obj <</Type /Catalog'), 'broken.pdf');
    const page = await fetch(`${api.address}/v1/documents/${broken}/pages/1`);
    expect(page.status).toBe(404);
    expect(await page.json()).toMatchObject({
      error: 'unreadable',
      message: expect.stringMatching(/^CORRUPT: /),
    });
    const empty = await submit(api, Buffer.alloc(0), 'empty.txt');
    expect((await fetch(`${api.address}/v1/documents/${empty}/pages/1`)).status).toBe(404);
    const text = await fetch(`${api.address}/v1/documents/${empty}/text`);
    expect({ status: text.status, body: await text.text() }).toEqual({ status: 200, body: '' });
  });

  it("keeps a tenant's pages and text from other tenants and from callers without a key", async () => {
    const api = await startIngestApiFixture({ apiKeys });
    const id = await submit(api, await pdf(['acme payslip']), 'payslip.pdf', { 'x-api-key': keys.acme });
    for (const path of [`/v1/documents/${id}/pages/1`, `/v1/documents/${id}/text`]) {
      expect((await fetch(`${api.address}${path}`, { headers: { 'x-api-key': keys.acme } })).status).toBe(
        200,
      );
      const other = await fetch(`${api.address}${path}`, { headers: { 'x-api-key': keys.globex } });
      expect(other.status).toBe(404);
      expect(await other.json()).toMatchObject({ error: 'not_found' });
      expect((await fetch(`${api.address}${path}`)).status).toBe(401);
    }
    const unknown = randomUUID();
    expect(
      (await fetch(`${api.address}/v1/documents/${unknown}/pages/1`, { headers: { 'x-api-key': keys.acme } }))
        .status,
    ).toBe(404);
  });
});
