import { createHash, randomUUID } from 'node:crypto';
import { type ClassificationFeedback, messageSchema } from '@docsort/contracts';
import * as fixtures from '@docsort/extractors/testing';
import { waitUntil } from '@docsort/local-stack';
import { collectTopics, launchChromium, type Page, pageErrors, screenshot } from '@docsort/test-harness';
import { describe, expect, it } from 'vitest';
import { startTestPipeline } from './test-pipeline.ts';

const keys = { ann: `acme-${randomUUID()}`, bob: `acme-${randomUUID()}` };
/** The API's key entries: `<tenant>:<sha256 of the key>`, as `docsort api-keys create` prints them. */
const apiKeyEntries = Object.values(keys)
  .map((key) => `acme:${createHash('sha256').update(key).digest('hex')}`)
  .join(',');

/** How the reviewer labels each document: a suggestion by its key, or a label found by searching. */
type Decision = { readonly suggestion: 1 | 2 | 3 } | { readonly search: string; readonly label: string };

interface ReviewedDocument {
  readonly filename: string;
  readonly bytes: Buffer;
  readonly pages: number;
  readonly decision: Decision;
}

async function documents(): Promise<ReviewedDocument[]> {
  return [
    {
      filename: 'invoice-1042.pdf',
      bytes: await fixtures.pdf([], {
        pages: [
          ['INVOICE 2026-1042', 'Acme Supplies Ltd', 'Total due: 1,250.00 EUR'],
          ['Payment terms: 30 days', 'IBAN DE02 1203 0000 0000 2020 51'],
        ],
      }),
      pages: 2,
      decision: { search: 'invo', label: 'invoice' },
    },
    {
      filename: 'cafe-receipt.jpg',
      bytes: await fixtures.photo(['CORNER CAFE', '2 x Espresso 5.00', 'TOTAL 5.00 EUR', 'Thank you']),
      pages: 1,
      decision: { search: 'recei', label: 'receipt' },
    },
    {
      filename: 'flat-lease.docx',
      bytes: await fixtures.docx([
        'LEASE AGREEMENT',
        'The landlord lets the flat at 4 Elm Street to the tenant for twelve months.',
      ]),
      pages: 1,
      // The model is right about this one: the reviewer takes its first suggestion.
      decision: { suggestion: 1 },
    },
    {
      filename: 'payslip-march.pdf',
      bytes: await fixtures.pdf(['PAYSLIP March 2026', 'Employee: J. Roe', 'Gross 4,100.00  Net 2,870.15']),
      pages: 1,
      decision: { search: 'pays', label: 'payslip' },
    },
    {
      filename: 'jane-roe-cv.html',
      bytes: fixtures.html('Curriculum vitae', [
        'Jane Roe, software engineer',
        'Experience: 8 years of TypeScript',
      ]),
      pages: 1,
      decision: { search: 'resu', label: 'resume' },
    },
  ];
}

/** A reviewer's tab: the review page, signed in with their key, and the errors its script met. */
async function signIn(browser: Awaited<ReturnType<typeof launchChromium>>, address: string, key: string) {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  const errors = pageErrors(page);
  await page.goto(`${address}/review/`);
  await page.getByLabel('API key').fill(key);
  await page.getByLabel('API key').press('Enter');
  return { page, errors };
}

/**
 * The document the page shows, once it is there to look at (its page image or its text) and is not
 * `previous` any more.
 */
async function shownDocument(page: Page, expected: readonly ReviewedDocument[], previous: string | null) {
  // The page hides the last document before it names the next one: the content seen after is the next one's.
  await page
    .locator('#document-title')
    .filter(previous ? { hasNotText: previous } : {})
    .waitFor({ timeout: 30_000 });
  await page.locator('#page-image:visible, #document-text:visible').first().waitFor({ timeout: 30_000 });
  const filename = await page.locator('#document-title').textContent();
  const shown = expected.find((d) => d.filename === filename);
  if (!shown) throw new Error(`the page shows ${filename}, not one of the documents submitted`);
  return shown;
}

describe('reviewing in a real browser', () => {
  it('a reviewer clears a queue of five documents with the keyboard; the corrections reach documents.feedback and the API; a second reviewer never sees a claimed document', async () => {
    // Every document goes to review: a confidence is always below 1.
    const pipeline = await startTestPipeline({
      env: { DOCSORT_REVIEW_THRESHOLD: '1', DOCSORT_INGEST_API_KEYS: apiKeyEntries },
    });
    const as = (key: string) => ({ 'x-api-key': key });
    const call = async (key: string, path: string) =>
      (await (await fetch(`${pipeline.api}/v1${path}`, { headers: as(key) })).json()) as Record<
        string,
        unknown
      >;
    const submitted = await documents();
    const ids = new Map<string, string>();
    for (const document of submitted) {
      const form = new FormData();
      form.append('file', new Blob([document.bytes]), document.filename);
      const response = await fetch(`${pipeline.api}/v1/documents`, {
        method: 'POST',
        body: form,
        headers: as(keys.ann),
      });
      expect(response.status).toBe(202);
      const { documents: accepted } = (await response.json()) as { documents: Array<{ documentId: string }> };
      ids.set(document.filename, accepted[0]?.documentId as string);
    }
    await waitUntil(async () => (await call(keys.ann, '/review/stats')).pending === submitted.length, {
      timeoutMs: 240_000,
      intervalMs: 500,
      description: 'the five documents extracted, classified and filed for review',
    });
    const feedback = await collectTopics(pipeline.endpoints, [pipeline.catalog.feedback.name]);

    const browser = await launchChromium();
    const { page: ann, errors } = await signIn(browser, pipeline.api, keys.ann);
    const chosen = new Map<string, string>();
    let previous: string | null = null;
    for (let n = 1; n <= submitted.length; n++) {
      const document = await shownDocument(ann, submitted, previous);
      previous = document.filename;
      expect(await ann.locator('#progress').textContent()).toBe(`${submitted.length - n + 1} left`);
      const id = ids.get(document.filename) as string;
      if (n === 1) {
        // Bob is never offered the document Ann holds.
        const offered = (await call(keys.bob, '/review/items')).items as Array<{ documentId: string }>;
        expect(offered.map((item) => item.documentId)).not.toContain(id);
        expect(offered).toHaveLength(submitted.length - 1);
      }
      if (n === submitted.length) {
        // While Ann holds the last one, Bob signs in and finds nothing to review.
        const { page: bob, errors: bobErrors } = await signIn(browser, pipeline.api, keys.bob);
        await bob.getByRole('heading', { name: 'Nothing left to review' }).waitFor({ timeout: 30_000 });
        expect(await bob.locator('#progress').textContent()).toBe('1 left');
        await screenshot(bob, 'review-second-reviewer');
        expect(bobErrors()).toEqual([]);
      }
      if (document.pages > 1) {
        await ann.getByRole('img', { name: `Page 1 of ${document.pages} of ${document.filename}` }).waitFor();
        await screenshot(ann, `review-${n}-page-1`);
        await ann.keyboard.press('ArrowRight');
        await ann.getByRole('img', { name: `Page 2 of ${document.pages} of ${document.filename}` }).waitFor();
      }
      // One document at a time: a page image, or the text of a document that has none.
      const pictured = /\.(pdf|jpg)$/.test(document.filename);
      expect(await ann.locator('#page-image').isVisible()).toBe(pictured);
      expect(await ann.locator('#document-text').isVisible()).toBe(!pictured);
      const { decision } = document;
      if ('suggestion' in decision) {
        await ann.keyboard.press(String(decision.suggestion));
      } else {
        await ann.keyboard.press('/');
        await ann.keyboard.type(decision.search);
        expect(await ann.locator('#chosen-label').textContent()).toBe(decision.label);
      }
      const label = (await ann.locator('#chosen-label').textContent()) as string;
      chosen.set(id, label);
      await screenshot(ann, `review-${n}`);
      await ann.keyboard.press('Enter');
    }
    await ann.getByRole('heading', { name: 'Nothing left to review' }).waitFor({ timeout: 30_000 });
    expect(await ann.locator('#progress').textContent()).toBe('0 left');
    await screenshot(ann, 'review-cleared');
    expect(errors()).toEqual([]);

    // The corrections reached documents.feedback, with Ann as the reviewer, and each document's state.
    await feedback.waitFor((records) => records.length === submitted.length, 'five corrections');
    const deserializer = pipeline.serde.deserializer<ClassificationFeedback>(
      messageSchema('ClassificationFeedback'),
    );
    const sent = await Promise.all(feedback.records.map((r) => deserializer.deserialize(r.value as Buffer)));
    expect(new Map(sent.map((f) => [f.documentId, f.correctLabel]))).toEqual(chosen);
    const reviewers = new Set(sent.map((f) => f.reviewer));
    expect(reviewers.size).toBe(1);
    const [reviewer] = reviewers;
    expect(reviewer).toMatch(/^key:acme\//);
    for (const [id, label] of chosen) {
      await waitUntil(async () => (await call(keys.ann, `/documents/${id}`)).status === 'reviewed', {
        timeoutMs: 60_000,
        description: `${id} shown as reviewed`,
      });
      expect((await call(keys.ann, `/documents/${id}`)).correction).toMatchObject({ label, reviewer });
    }
  });
});
