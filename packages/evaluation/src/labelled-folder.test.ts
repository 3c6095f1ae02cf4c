import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestDirectory } from '@docsort/test-harness';
import { describe, expect, it } from 'vitest';
import { readLabelledFolder } from './labelled-folder.ts';

function folder(files: Record<string, string>): string {
  const dir = createTestDirectory('labelled');
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

describe('labelled folders', () => {
  it('reads a manifest.jsonl, with format and language when given', () => {
    const dir = folder({
      'a/scan.JPEG': 'x',
      'b/bill.pdf': 'x',
      'manifest.jsonl': [
        JSON.stringify({ path: 'a/scan.JPEG', label: 'receipt', language: 'de', source: 'ignored' }),
        '',
        JSON.stringify({ path: 'b/bill.pdf', label: 'utility_bill', format: 'PDF' }),
      ].join('\n'),
    });
    expect(readLabelledFolder(dir)).toEqual([
      { path: join(dir, 'a/scan.JPEG'), label: 'receipt', format: 'jpg', language: 'de' },
      { path: join(dir, 'b/bill.pdf'), label: 'utility_bill', format: 'pdf' },
    ]);
  });

  it('reads one subfolder per label, recursively, skipping hidden files', () => {
    const dir = folder({
      'invoice/x.pdf': 'x',
      'invoice/deep/y.eml': 'x',
      'other/.DS_Store': 'x',
      'other/z.txt': 'x',
    });
    expect(readLabelledFolder(dir).map((f) => [f.label, f.format])).toEqual([
      ['invoice', 'eml'],
      ['invoice', 'pdf'],
      ['other', 'txt'],
    ]);
  });

  it('says which manifest lines are wrong', () => {
    const dir = folder({
      'manifest.jsonl': [
        JSON.stringify({ path: 'missing.pdf', label: 'invoice' }),
        JSON.stringify({ path: '../escape.pdf', label: 'invoice' }),
        JSON.stringify({ label: 'invoice' }),
        'not json',
      ].join('\n'),
    });
    expect(() => readLabelledFolder(dir)).toThrow(
      /line 1: missing.pdf does not exist[\s\S]*line 2: ..\/escape.pdf is outside the folder[\s\S]*line 3:[\s\S]*path[\s\S]*line 4:/,
    );
  });

  it('refuses a folder with nothing labelled in it', () => {
    expect(() => readLabelledFolder(folder({ 'loose.pdf': 'x' }))).toThrow(/no labelled files/);
  });
});
