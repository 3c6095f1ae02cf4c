import { randomUUID } from 'node:crypto';
import { pdf } from '@docsort/extractors/testing';
import { waitUntil } from '@docsort/local-stack';
import { ReviewQueue } from '@docsort/review-queue';
import {
  type Browser,
  collectTopics,
  launchChromium,
  pageErrors,
  sampleClassified,
  screenshot,
} from '@docsort/test-harness';
import { describe, expect, it } from 'vitest';
import { hashApiKey, parseApiKeyEntries } from './caller-identity.ts';
import { endpoints, startIngestApiFixture } from './testing/ingest-api-fixture.ts';

// The whole round (five documents through the pipeline, cleared with the keyboard) is in
// packages/pipeline-tests/src/review-page.integration.test.ts; here, the page against the API alone.

const keys = { ann: `acme-${randomUUID()}`, bob: `acme-${randomUUID()}` };
const apiKeys = parseApiKeyEntries(
  Object.values(keys)
    .map((key) => `acme:${hashApiKey(key).toString('hex')}`)
    .join('\n'),
);

/** A reviewer's tab: the review page, signed in with their key, and the errors its script met. */
async function signIn(browser: Browser, address: string, key: string) {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  const errors = pageErrors(page);
  await page.goto(`${address}/review/`);
  await page.getByLabel('API key').fill(key);
  await page.getByLabel('API key').press('Enter');
  return { page, errors };
}

describe('the review page in a real browser', () => {
  it('is served at /review/ with a strict content policy, and signs in with an API key kept for the tab', async () => {
    const api = await startIngestApiFixture({ apiKeys });
    const browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors = pageErrors(page);
    const response = await page.goto(`${api.address}/review`);
    expect(response?.url()).toBe(`${api.address}/review/`);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");

    // With authentication configured, the page asks for a key before anything else.
    const key = page.getByLabel('API key');
    await key.waitFor({ timeout: 20_000 });
    await screenshot(page, 'review-sign-in');
    await key.fill('not-a-key');
    await key.press('Enter');
    await page.getByText('That API key was not accepted.').waitFor({ timeout: 20_000 });
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);

    await key.fill(keys.ann);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // An empty queue, said as such; the key is kept for the tab (a reload does not ask again).
    const empty = page.getByRole('heading', { name: 'Nothing left to review' });
    await empty.waitFor({ timeout: 20_000 });
    expect(await page.evaluate(() => Object.values(sessionStorage))).toEqual([keys.ann]);
    await page.reload();
    await empty.waitFor({ timeout: 20_000 });
    expect(await page.locator('#progress').textContent()).toBe('0 left');
    await screenshot(page, 'review-empty');
    expect(errors()).toEqual([]);
  });

  it('says so when the lease was lost and nothing was saved, skips with S, and says when the queue is empty', async () => {
    const api = await startIngestApiFixture({ apiKeys }, { review: { leaseSeconds: 1, skipSeconds: 600 } });
    const queue = new ReviewQueue(api.store);
    const feedback = await collectTopics(endpoints, [api.catalog.feedback.name]);
    const documents: string[] = [];
    for (const [i, name] of ['first.pdf', 'second.pdf'].entries()) {
      const response = await api.upload([{ bytes: await pdf([name]), name }], {}, { 'x-api-key': keys.ann });
      const { documents: accepted } = (await response.json()) as { documents: Array<{ documentId: string }> };
      const documentId = accepted[0]?.documentId as string;
      documents.push(documentId);
      await queue.file(
        sampleClassified({
          documentId,
          filename: name,
          tenant: 'acme',
          needsReview: true,
          confidence: 0.4,
          format: 'pdf',
          pageCount: 1,
          classifiedAt: Date.now() - 60_000 + i,
        }),
      );
    }
    const [first, second] = documents;
    const browser = await launchChromium();
    const { page: ann, errors } = await signIn(browser, api.address, keys.ann);
    await ann.getByRole('heading', { level: 2, name: 'first.pdf' }).waitFor({ timeout: 20_000 });
    await ann.getByRole('img', { name: 'Page 1 of 1 of first.pdf' }).waitFor();

    // Ann's lease runs out and Bob takes the document.
    await waitUntil(
      async () =>
        (
          await fetch(`${api.address}/v1/review/claims`, {
            method: 'POST',
            headers: { 'x-api-key': keys.bob, 'content-type': 'application/json' },
            body: JSON.stringify({ documentId: first }),
          })
        ).status === 200,
      { timeoutMs: 15_000, intervalMs: 200, description: "Bob claims the document once Ann's lease ran out" },
    );
    await ann.keyboard.press('1');
    await ann.keyboard.press('Enter');
    await ann.getByText('Your claim on first.pdf ran out and another reviewer took it').waitFor();
    // Nothing was saved, and the next document is there.
    await ann.getByRole('img', { name: 'Page 1 of 1 of second.pdf' }).waitFor({ timeout: 20_000 });
    await screenshot(ann, 'review-lease-lost');
    expect(feedback.records).toEqual([]);

    // Skipped: not offered to Ann again for a while, and the other one is Bob's.
    await ann.keyboard.press('s');
    await ann.getByRole('heading', { name: 'Nothing left to review' }).waitFor({ timeout: 20_000 });
    await ann.getByText('Skipped second.pdf').waitFor();
    const offered = await fetch(`${api.address}/v1/review/items`, { headers: { 'x-api-key': keys.bob } });
    const { items } = (await offered.json()) as { items: Array<{ documentId: string }> };
    expect(items.map((item) => item.documentId)).toContain(second);
    expect(errors()).toEqual([]);
  });
});
