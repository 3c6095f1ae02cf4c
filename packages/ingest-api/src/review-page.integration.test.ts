import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashApiKey, parseApiKeyEntries } from './caller-identity.ts';
import { startIngestApiFixture } from './testing/ingest-api-fixture.ts';
import { launchChromium, pageErrors, screenshot } from './testing/review-browser.ts';

const keys = { acme: `acme-${randomUUID()}`, globex: `globex-${randomUUID()}` };
const apiKeys = parseApiKeyEntries(
  Object.entries(keys)
    .map(([tenant, key]) => `${tenant}:${hashApiKey(key).toString('hex')}`)
    .join('\n'),
);

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
    await key.waitFor();
    await screenshot(page, 'review-sign-in');
    await key.fill('not-a-key');
    await key.press('Enter');
    await page.getByText('That API key was not accepted.').waitFor();
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);

    await key.fill(keys.acme);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('form').or(page.locator('#login')).waitFor({ state: 'hidden' });
    expect(await page.evaluate(() => Object.values(sessionStorage))).toEqual([keys.acme]);
    expect(errors()).toEqual([]);
  });
});
