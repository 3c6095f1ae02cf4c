import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generatedTypesFile, renderGeneratedTypes } from './generated-types.ts';

describe('generated TypeScript types', () => {
  it('match schemas/*.avsc (run `pnpm --filter @docsort/contracts generate` after changing a schema)', () => {
    expect(readFileSync(generatedTypesFile, 'utf8')).toBe(renderGeneratedTypes());
  });
});
