import { execFile } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { defaultTaxonomyFile, loadTaxonomy } from '@docsort/taxonomy';
import { createTestDirectory } from '@docsort/test-harness';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const mainScript = join(dirname(fileURLToPath(import.meta.url)), '..', 'main.ts');
const docsort = (...args: string[]) => run(process.execPath, ['--import', 'tsx', mainScript, ...args]);

describe('docsort labels', () => {
  it('adds a label and a new industry to a taxonomy file, and refuses a duplicate', async () => {
    const file = join(createTestDirectory('labels'), 'taxonomy.json');
    copyFileSync(defaultTaxonomyFile, file);
    const { stdout } = await docsort(
      'labels',
      'add',
      'customs_declaration',
      '--industry',
      'trade',
      '--description',
      'Goods declared at a border',
      '--taxonomy',
      file,
    );
    expect(stdout).toContain('25 labels');
    expect(loadTaxonomy(file).labels.at(-1)).toEqual({
      name: 'customs_declaration',
      industry: 'trade',
      description: 'Goods declared at a border',
    });
    await expect(
      docsort('labels', 'add', 'invoice', '--industry', 'finance', '--description', 'x', '--taxonomy', file),
    ).rejects.toThrow(/defined twice/);
  }, 30_000);
});
