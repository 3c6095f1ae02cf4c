import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SafetensorsReader } from './safetensors.ts';

/** A .safetensors file as the format defines it: header length, JSON header, then the tensors' bytes. */
function safetensorsFile(tensors: Record<string, { dtype: string; shape: number[]; bytes: Uint8Array }>) {
  let offset = 0;
  const header: Record<string, unknown> = { __metadata__: { format: 'pt' } };
  for (const [name, { dtype, shape, bytes }] of Object.entries(tensors)) {
    header[name] = { dtype, shape, data_offsets: [offset, offset + bytes.length] };
    offset += bytes.length;
  }
  const json = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(json.length));
  const file = join(mkdtempSync(join(tmpdir(), 'safetensors-')), 'model.safetensors');
  writeFileSync(file, Buffer.concat([length, json, ...Object.values(tensors).map((t) => t.bytes)]));
  return file;
}

describe('SafetensorsReader', () => {
  it('reads float32 tensors by name, wherever they lie in the file', () => {
    const first = new Float32Array([1, 2, 3, 4, 5, 6]);
    const second = new Float32Array([-0.5, 0.25]);
    const file = safetensorsFile({
      'a.weight': { dtype: 'F32', shape: [2, 3], bytes: new Uint8Array(first.buffer) },
      'b.bias': { dtype: 'F32', shape: [2], bytes: new Uint8Array(second.buffer) },
      ids: { dtype: 'I64', shape: [1], bytes: new Uint8Array(8) },
    });
    const reader = SafetensorsReader.open(file);
    try {
      expect(reader.tensor('b.bias')).toEqual({ shape: [2], values: second });
      expect(reader.tensor('a.weight')).toEqual({ shape: [2, 3], values: first });
      expect(() => reader.tensor('missing')).toThrow(/no tensor "missing"/);
      expect(() => reader.tensor('ids')).toThrow(/is I64, not F32/);
    } finally {
      reader.close();
    }
  });
});
