import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PermanentError } from '@docsort/contracts';
import { afterAll, describe, expect, it } from 'vitest';
import { extractDocument } from './extract-document.ts';
import { defaultExtractionLimits } from './extraction-limits.ts';
import { closeOcrEngines } from './ocr/choose-engine.ts';

/**
 * Documents nobody here wrote: what Debian packages install under /usr/share/doc. A fixed, sorted sample
 * of each kind, so the run is repeatable on a machine of this kind.
 */
function findFiles(root: string, extension: string, limit: number): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    let entries: string[];
    try {
      entries = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const entry of entries) {
      if (found.length >= limit) return;
      const path = join(dir, entry);
      const stat = statSync(path, { throwIfNoEntry: false });
      if (stat?.isDirectory()) walk(path);
      else if (
        stat?.isFile() &&
        entry.toLowerCase().endsWith(extension) &&
        stat.size > 512 &&
        stat.size < 5e6
      )
        found.push(path);
    }
  };
  walk(root);
  return found;
}

const samples = {
  pdf: findFiles('/usr/share/doc', '.pdf', 5),
  html: findFiles('/usr/share/doc', '.html', 12),
  txt: findFiles('/usr/share/doc', '.txt', 12),
  md: findFiles('/usr/share/doc', '.md', 8),
  csv: findFiles('/usr/share', '.csv', 3),
};

afterAll(() => closeOcrEngines());

describe('extraction of real-world documents from /usr/share/doc', () => {
  it('finds a sample to work on', () => {
    const total = Object.values(samples).flat().length;
    expect(total, 'files under /usr/share/doc: the machine image has Debian documentation').toBeGreaterThan(
      20,
    );
  });

  for (const [kind, files] of Object.entries(samples)) {
    it(`reads every ${kind} file, and finds text in each (${files.length} files)`, async () => {
      const outcomes: string[] = [];
      for (const file of files) {
        try {
          const result = await extractDocument(readFileSync(file), {
            ...defaultExtractionLimits,
            ocr: false,
          });
          if (!result.text.trim() && !result.warnings.includes('NO_TEXT_LAYER'))
            outcomes.push(`${file}: no text`);
        } catch (error) {
          // A clean refusal with a reason is acceptable for odd files; anything else is a crash.
          if (!(error instanceof PermanentError))
            outcomes.push(`${file}: ${(error as Error).name}: ${(error as Error).message}`);
        }
      }
      expect(outcomes).toEqual([]);
    }, 120_000);
  }
});
