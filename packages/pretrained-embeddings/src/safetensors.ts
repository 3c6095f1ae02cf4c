import { closeSync, openSync, readSync } from 'node:fs';

export interface Float32Tensor {
  readonly shape: readonly number[];
  readonly values: Float32Array;
}

interface TensorEntry {
  readonly dtype: string;
  readonly shape: number[];
  readonly data_offsets: [number, number];
}

/**
 * Reads float32 tensors by name from a .safetensors file (an 8-byte little-endian header length, a JSON
 * header of name → {dtype, shape, data_offsets}, then the raw little-endian data): the header is parsed once
 * when opened, each tensor read from its offsets without loading the rest. `close()` when done.
 */
export class SafetensorsReader {
  private constructor(
    private readonly file: string,
    private readonly fd: number,
    private readonly header: Readonly<Record<string, TensorEntry>>,
    private readonly dataStart: number,
  ) {}

  static open(file: string): SafetensorsReader {
    const fd = openSync(file, 'r');
    try {
      const lengthBytes = Buffer.alloc(8);
      readSync(fd, lengthBytes, 0, 8, 0);
      const headerLength = Number(lengthBytes.readBigUInt64LE(0));
      const headerBytes = Buffer.alloc(headerLength);
      readSync(fd, headerBytes, 0, headerLength, 8);
      const header = JSON.parse(headerBytes.toString('utf8')) as Record<string, TensorEntry>;
      return new SafetensorsReader(file, fd, header, 8 + headerLength);
    } catch (error) {
      closeSync(fd);
      throw error;
    }
  }

  tensor(name: string): Float32Tensor {
    const entry = this.header[name];
    if (!entry) throw new Error(`${this.file} has no tensor "${name}"`);
    if (entry.dtype !== 'F32') throw new Error(`${this.file}: "${name}" is ${entry.dtype}, not F32`);
    const [begin, end] = entry.data_offsets;
    const count = entry.shape.reduce((a, b) => a * b, 1);
    if (end - begin !== count * 4)
      throw new Error(`${this.file}: "${name}" has ${end - begin} bytes for ${count} floats`);
    const values = new Float32Array(count);
    readSync(this.fd, new Uint8Array(values.buffer), 0, end - begin, this.dataStart + begin);
    return { shape: entry.shape, values };
  }

  close(): void {
    closeSync(this.fd);
  }
}
