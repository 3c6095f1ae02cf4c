import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';

export type { Browser, Page };

import { onTestFinished } from 'vitest';

/** Where the browser tests' screenshots go (git-ignored), to be looked at by a person. */
export const screenshotDir = fileURLToPath(new URL('../../../.screenshots/', import.meta.url));

/** A program on PATH, as `which` finds it. */
function onPath(name: string): string | undefined {
  return (process.env.PATH ?? '')
    .split(':')
    .map((dir) => join(dir, name))
    .find((candidate) => candidate.startsWith('/') && existsSync(candidate));
}

/**
 * Debian's chromium, driven by playwright-core, closed when the test finishes. Fails, never skips, when it is
 * not installed: `deploy/local/bootstrap.sh` installs it for the tests.
 */
export async function launchChromium(): Promise<Browser> {
  const executablePath = onPath('chromium') ?? onPath('chromium-browser');
  if (!executablePath) {
    throw new Error(
      "the review page's browser tests need Debian's chromium: `apt-get install chromium` " +
        '(deploy/local/bootstrap.sh installs it)',
    );
  }
  const browser = await chromium.launch({ executablePath });
  onTestFinished(() => browser.close());
  return browser;
}

/** A screenshot of the whole page, as `.screenshots/<name>.png`. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * The errors the page's script throws or logs (a refused Content-Security-Policy included), for the test to
 * assert there are none. Answers the page expects (401 before signing in) are not errors.
 */
export function pageErrors(page: Page): () => readonly string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      errors.push(message.text());
    }
  });
  return () => errors;
}
