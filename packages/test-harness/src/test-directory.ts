import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';

/**
 * A fresh directory under the system's temp dir for the current test, removed when it finishes — but kept
 * when the test failed, so that its logs and files can be read afterwards.
 */
export function createTestDirectory(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `docsort-${prefix}-`));
  onTestFinished(({ task }) => {
    if (task.result?.state !== 'fail') rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}
