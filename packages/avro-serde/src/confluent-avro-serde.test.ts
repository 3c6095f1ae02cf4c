import { SchemaInvalidError } from '@docsort/contracts';
import { describe, expect, it } from 'vitest';
import { readSchemaId } from './confluent-avro-serde.ts';

describe('readSchemaId', () => {
  it('reads the big-endian schema id after the magic byte', () => {
    expect(readSchemaId(Buffer.from([0, 0, 0, 1, 2, 99]))).toBe(258);
  });

  it('rejects what is not Confluent-framed Avro as SCHEMA_INVALID', () => {
    for (const bytes of [null, Buffer.alloc(0), Buffer.from([0, 0, 1]), Buffer.from('{"json":true}')]) {
      expect(() => readSchemaId(bytes)).toThrow(SchemaInvalidError);
    }
    expect(() => readSchemaId(Buffer.from([1, 0, 0, 0, 1, 0]))).toThrow(/magic byte is 1, expected 0/);
  });
});
