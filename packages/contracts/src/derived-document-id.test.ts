import { describe, expect, it } from 'vitest';
import { deriveDocumentId } from './derived-document-id.ts';

describe('deriveDocumentId', () => {
  it('is a UUID, the same for the same seed and different for another', () => {
    const id = deriveDocumentId('parent/0');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(deriveDocumentId('parent/0')).toBe(id);
    expect(deriveDocumentId('parent/1')).not.toBe(id);
  });
});
