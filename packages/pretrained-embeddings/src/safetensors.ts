import { closeSync, openSync, readSync } from 'node:fs';

export interface Float32Tensor {
  readonly shape: readonly number[];
  readonly values: Float32Array;
}

/**
 * One float32 tensor of a .safetensors file (an 8-byte little-endian header length, a JSON header of
 * name → {dtype, shape, data_offsets}, then the raw little-endian data), read without loading the rest.
 */
export function readSafetensor(file: string, name: string): Float32Tensor {
  const fd = openSync(file, 'r');
  try {
    const lengthBytes = Buffer.alloc(8);
    readSync(fd, lengthBytes, 0, 8, 0);
    const headerLength = Number(lengthBytes.readBigUInt64LE(0));
    const headerBytes = Buffer.alloc(headerLength);
    readSync(fd, headerBytes, 0, headerLength, 8);
    const header = JSON.parse(headerBytes.toString('utf8')) as Record<
      string,
      { dtype: string; shape: number[]; data_offsets: [number, number] }
    >;
    const entry = header[name];
    if (!entry) throw new Error(`${file} has no tensor "${name}"`);
    if (entry.dtype !== 'F32') throw new Error(`${file}: "${name}" is ${entry.dtype}, not F32`);
    const [begin, end] = entry.data_offsets;
    const count = entry.shape.reduce((a, b) => a * b, 1);
    if (end - begin !== count * 4)
      throw new Error(`${file}: "${name}" has ${end - begin} bytes for ${count} floats`);
    const values = new Float32Array(count);
    readSync(fd, new Uint8Array(values.buffer), 0, end - begin, 8 + headerLength + begin);
    return { shape: entry.shape, values };
  } finally {
    closeSync(fd);
  }
}
