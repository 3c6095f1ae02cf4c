import type { DocumentIncoming } from '@docsort/contracts';
import { describe, expect, it } from 'vitest';
import { nestingDepth, nestingDepthAttribute } from './nesting-depth.ts';

const maxDepth = 2;
const topLevel = (depth: string) => ({
  parentDocumentId: null,
  attributes: { [nestingDepthAttribute]: depth },
});
const child = (depth: string | undefined): Pick<DocumentIncoming, 'parentDocumentId' | 'attributes'> => ({
  parentDocumentId: 'parent-1',
  attributes: depth === undefined ? {} : { [nestingDepthAttribute]: depth },
});

describe('nestingDepth', () => {
  it('puts a top-level document at depth 0, whatever depth its caller claims', () => {
    for (const claimed of ['abc', '-5', '-1000', '1', 'NaN', 'Infinity', '']) {
      expect(nestingDepth(topLevel(claimed), maxDepth), claimed).toBe(0);
    }
  });

  it('reads the depth the extract stage wrote on a document it fanned out', () => {
    expect(nestingDepth(child('1'), maxDepth)).toBe(1);
    expect(nestingDepth(child('2'), maxDepth)).toBe(2);
  });

  it('puts a child with a depth this stage never writes at the limit', () => {
    for (const forged of ['abc', '-5', '0', '1.5', ' 1', '1e3', 'NaN', '', undefined]) {
      expect(nestingDepth(child(forged), maxDepth), String(forged)).toBe(maxDepth);
    }
  });
});
