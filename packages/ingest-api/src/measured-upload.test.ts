import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { MeasuredUpload } from './measured-upload.ts';

async function drain(measured: MeasuredUpload, chunks: Buffer[]): Promise<Buffer> {
  const out: Buffer[] = [];
  measured.on('data', (chunk: Buffer) => out.push(chunk));
  await pipeline(Readable.from(chunks), measured);
  return Buffer.concat(out);
}

describe('MeasuredUpload', () => {
  it('passes data through, counting and hashing it', async () => {
    const measured = new MeasuredUpload(100);
    const out = await drain(measured, [Buffer.from('hello '), Buffer.from('world')]);
    expect(out.toString()).toBe('hello world');
    expect(measured.size).toBe(11);
    expect(measured.exceeded).toBe(false);
    expect(measured.digest()).toBe(createHash('sha256').update('hello world').digest('hex'));
  });

  it('stops passing data past the limit, and says so', async () => {
    const measured = new MeasuredUpload(8);
    const out = await drain(measured, [Buffer.from('12345'), Buffer.from('67890'), Buffer.from('abc')]);
    expect(out.toString()).toBe('12345');
    expect(measured.exceeded).toBe(true);
    expect(measured.size).toBe(13);
  });

  it('keeps a copy of an upload up to keepUpTo bytes, and none of a larger one', async () => {
    const small = new MeasuredUpload(100, 11);
    await drain(small, [Buffer.from('hello '), Buffer.from('world')]);
    expect(small.kept()?.toString()).toBe('hello world');
    const large = new MeasuredUpload(100, 10);
    await drain(large, [Buffer.from('hello '), Buffer.from('world')]);
    expect(large.kept()).toBeNull();
    const empty = new MeasuredUpload(100, 10);
    await drain(empty, []);
    expect(empty.kept()).toBeNull();
  });
});
