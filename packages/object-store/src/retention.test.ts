import { describe, expect, it } from 'vitest';
import { loadRetentionConfig } from './retention.ts';

describe('loadRetentionConfig', () => {
  it('keeps everything forever unless told, and takes whole days', () => {
    expect(loadRetentionConfig({})).toEqual({ documentsDays: 0, resultsDays: 0 });
    expect(
      loadRetentionConfig({ DOCSORT_RETENTION_DOCUMENTS_DAYS: '30', DOCSORT_RETENTION_RESULTS_DAYS: '365' }),
    ).toEqual({ documentsDays: 30, resultsDays: 365 });
  });

  it('refuses at start-up what is not a number of days, naming the variable', () => {
    expect(() => loadRetentionConfig({ DOCSORT_RETENTION_DOCUMENTS_DAYS: '-1' })).toThrow(
      /DOCSORT_RETENTION_DOCUMENTS_DAYS: got "-1", expected a whole number of days \(0: keep forever\)/,
    );
    expect(() => loadRetentionConfig({ DOCSORT_RETENTION_RESULTS_DAYS: '1.5' })).toThrow(
      /DOCSORT_RETENTION_RESULTS_DAYS: got "1.5"/,
    );
    expect(() => loadRetentionConfig({ DOCSORT_RETENTION_RESULTS_DAYS: '30d' })).toThrow(
      /DOCSORT_RETENTION_RESULTS_DAYS: got "30d"/,
    );
  });
});
