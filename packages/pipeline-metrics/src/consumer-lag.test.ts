import { describe, expect, it } from 'vitest';
import { partitionLags } from './consumer-lag.ts';

describe('partitionLags', () => {
  it('is the end offset minus the committed one, from the start offset when nothing is committed', () => {
    const ends = [
      { partition: 0, high: '100', low: '0' },
      { partition: 1, high: '50', low: '20' },
      { partition: 2, high: '7', low: '0' },
    ];
    const committed = [
      { partition: 0, offset: '90' },
      { partition: 1, offset: '-1' },
    ];
    expect(partitionLags(ends, committed)).toEqual([
      { partition: 0, lag: 10 },
      { partition: 1, lag: 30 },
      { partition: 2, lag: 7 },
    ]);
  });

  it('never reports negative lag (a commit can race ahead of a stale end offset)', () => {
    expect(partitionLags([{ partition: 0, high: '5', low: '0' }], [{ partition: 0, offset: '6' }])).toEqual([
      { partition: 0, lag: 0 },
    ]);
  });
});
