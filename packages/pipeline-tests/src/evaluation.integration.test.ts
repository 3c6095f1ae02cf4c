import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { EvaluatedDocument, EvaluationMetrics } from '@docsort/evaluation';
import { findRepoRoot } from '@docsort/local-stack';
import { sampleFile, synthesize } from '@docsort/synth';
import { loadTaxonomy } from '@docsort/taxonomy';
import { createTestDirectory } from '@docsort/test-harness';
import { describe, expect, it } from 'vitest';
import { startTestPipeline } from './test-pipeline.ts';

const run = promisify(execFile);
const docsort = (...args: string[]) =>
  run(process.execPath, ['--import', 'tsx', join(findRepoRoot(), 'packages/cli/src/main.ts'), ...args], {
    cwd: findRepoRoot(),
  });

/** A labelled folder as a user would make one: test-split documents of many labels and formats, and a manifest. */
async function labelledFolder(count: number): Promise<string> {
  const dir = createTestDirectory('labelled');
  const samples = [
    ...synthesize({
      taxonomy: loadTaxonomy(),
      seed: 77,
      perLabel: 10,
      formats: ['pdf', 'docx', 'xlsx', 'html', 'eml', 'txt', 'png'],
    }),
  ].filter((s) => s.split === 'test');
  const picked = Array.from({ length: count }, (_, i) => samples[(i * 11) % samples.length]);
  const lines: string[] = [];
  for (const [i, sample] of picked.entries()) {
    if (!sample) continue;
    const path = `${String(i).padStart(2, '0')}-${sample.filename}`;
    writeFileSync(join(dir, path), await sampleFile(sample));
    lines.push(JSON.stringify({ path, label: sample.label }));
  }
  writeFileSync(join(dir, 'manifest.jsonl'), `${lines.join('\n')}\n`);
  return dir;
}

const readMetrics = (out: string) =>
  JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as {
    metrics: EvaluationMetrics;
    documents: EvaluatedDocument[];
  };

describe('docsort eval', () => {
  it('gives the same labels offline and through a running pipeline’s HTTP API', async () => {
    const folder = await labelledFolder(16);
    const pipeline = await startTestPipeline();
    const offlineOut = createTestDirectory('eval-offline');
    const apiOut = createTestDirectory('eval-api');
    const offline = await docsort('eval', folder, '--out', offlineOut);
    const online = await docsort('eval', folder, '--out', apiOut, '--api', pipeline.api, '--timeout', '240');
    expect(offline.stdout).toMatch(/16 documents \(offline/);
    expect(online.stdout).toMatch(/16 documents \(api http/);
    const a = readMetrics(offlineOut);
    const b = readMetrics(apiOut);
    expect(b.metrics.failed).toBe(0);
    for (const [i, document] of a.documents.entries()) {
      const other = b.documents[i] as EvaluatedDocument;
      expect(other.path).toBe(document.path);
      expect({ path: other.path, label: other.label, needsReview: other.needsReview }).toEqual({
        path: document.path,
        label: document.label,
        needsReview: document.needsReview,
      });
      expect(other.confidence).toBeCloseTo(document.confidence, 4);
    }
    expect(b.metrics.accuracy).toBe(a.metrics.accuracy);
    expect(b.metrics.macroF1).toBe(a.metrics.macroF1);
    // Generated documents of the test split: the shipped model gets most of them right.
    expect(a.metrics.accuracy).toBeGreaterThan(0.7);
    for (const file of ['report.md', 'confusion-matrix.png', 'automation-curve.png'])
      expect(readFileSync(join(apiOut, file)).length).toBeGreaterThan(100);
  }, 600_000);
});
