import { sampleClassified, sampleFailed } from '@docsort/test-harness';
import { describe, expect, it } from 'vitest';
import { classifiedResult, failedResult, supersedes } from './document-result.ts';

const classifiedBy = (version: string) =>
  classifiedResult(sampleClassified({ documentId: 'd', model: { name: 'text-cnn', version } }));
const failed = failedResult('d', sampleFailed());

describe('supersedes', () => {
  it('lets a newer model version win, and an older one never overwrite it', () => {
    expect(supersedes(classifiedBy('2026.11.22'), classifiedBy('2026.11.9'))).toBe(true);
    expect(supersedes(classifiedBy('2026.11.9'), classifiedBy('2026.11.22'))).toBe(false);
    expect(supersedes(classifiedBy('v10'), classifiedBy('v9'))).toBe(true);
  });

  it('rewrites a redelivered result (same version) and writes the first one', () => {
    expect(supersedes(classifiedBy('v1'), classifiedBy('v1'))).toBe(true);
    expect(supersedes(classifiedBy('v1'), undefined)).toBe(true);
  });

  it('never lets a failure replace a classification, but a classification replaces a failure', () => {
    expect(supersedes(failed, classifiedBy('v1'))).toBe(false);
    expect(supersedes(classifiedBy('v1'), failed)).toBe(true);
    expect(supersedes(failed, failed)).toBe(true);
  });
});
