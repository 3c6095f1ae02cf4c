import { describe, expect, it } from 'vitest';
import { testStackKind } from './test-stack.ts';

describe('testStackKind', () => {
  it('is the native stack unless containers are asked for, whatever engine the machine has', () => {
    expect(testStackKind(undefined)).toBe('native');
    expect(testStackKind('')).toBe('native');
    expect(testStackKind('containers')).toBe('containers');
    expect(testStackKind('native')).toBe('native');
  });

  it('refuses a kind it does not know, naming the variable', () => {
    expect(() => testStackKind('auto')).toThrow(/DOCSORT_TEST_STACK.*native, containers/);
  });
});
