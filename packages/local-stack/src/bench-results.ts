import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findRepoRoot } from './repo-root.ts';

/**
 * Writes a benchmark's results where every `pnpm bench:*` puts them: `.stack/bench-results/<name>.json`
 * (the figures) and `<name>.md` (the table). Returns the directory.
 */
export function writeBenchResults(name: string, report: unknown, markdown: string): string {
  const dir = join(findRepoRoot(), '.stack', 'bench-results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.json`), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(dir, `${name}.md`), markdown);
  return dir;
}
