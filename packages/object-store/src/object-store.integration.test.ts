import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { PermanentError } from '@docsort/contracts';
import { createTestBucket, testStackEndpoints } from '@docsort/test-harness';
import { describe, expect, it } from 'vitest';
import { ObjectStore } from './object-store.ts';

const endpoints = testStackEndpoints();
const md5 = (bytes: Buffer) => createHash('md5').update(bytes).digest('hex');
/** A stream that does not tell its length, like an HTTP upload. */
const streamOf = (bytes: Buffer) =>
  Readable.from([bytes.subarray(0, bytes.length >> 1), bytes.subarray(bytes.length >> 1)]);

async function testStore() {
  const bucket = await createTestBucket(endpoints, 'objects');
  return new ObjectStore({ ...endpoints.s3, bucket, inboxBucket: bucket });
}

describe('ObjectStore', () => {
  it('stores a stream of unknown length in one PUT when it is small, as a multipart upload when not', async () => {
    const store = await testStore();
    const bucket = store.config.bucket;
    const small = Buffer.from('a small document '.repeat(1000));
    const large = Buffer.alloc(6 * 1024 * 1024, 7);
    const empty = Buffer.alloc(0);

    const stored = await Promise.all([
      store.write(bucket, 'small', streamOf(small)),
      store.write(bucket, 'large', streamOf(large)),
      store.write(bucket, 'empty', Readable.from([])),
    ]);

    // A single PUT's ETag is the content's MD5; a multipart upload's is "<md5 of the parts' md5s>-<parts>".
    expect(stored[0].etag).toBe(md5(small));
    expect(stored[1].etag).toMatch(/-1$/);
    expect(stored[2].etag).toBe(md5(empty));
    expect(await store.read(bucket, 'small', 1e9)).toEqual(small);
    expect(await store.read(bucket, 'large', 1e9)).toEqual(large);
    expect(await store.read(bucket, 'empty', 1e9)).toEqual(empty);
  });

  it('refuses to read past maxBytes, and tells a missing object from an empty one', async () => {
    const store = await testStore();
    const bucket = store.config.bucket;
    await store.write(bucket, 'doc', Buffer.alloc(2048, 1));

    await expect(store.read(bucket, 'doc', 1024)).rejects.toThrow(PermanentError);
    await expect(store.read(bucket, 'doc', 1024)).rejects.toMatchObject({ reason: 'TOO_LARGE' });
    await expect(store.read(bucket, 'nothing', 1024)).rejects.toMatchObject({ reason: 'OBJECT_MISSING' });
    expect(await store.readIfExists(bucket, 'nothing', 1024)).toBeUndefined();
  });

  it('writes conditionally: create only if absent, replace only if unchanged since read', async () => {
    const store = await testStore();
    const bucket = store.config.bucket;

    expect(await store.writeIfAbsent(bucket, 'key', Buffer.from('first'))).toBeDefined();
    expect(await store.writeIfAbsent(bucket, 'key', Buffer.from('second'))).toBeUndefined();
    const read = await store.readVersioned(bucket, 'key', 100);
    expect(read?.bytes.toString()).toBe('first');

    expect(await store.writeIfUnchanged(bucket, 'key', read?.etag ?? '', Buffer.from('third'))).toBeDefined();
    // The ETag read before the last write is stale now.
    expect(
      await store.writeIfUnchanged(bucket, 'key', read?.etag ?? '', Buffer.from('fourth')),
    ).toBeUndefined();
    expect((await store.readIfExists(bucket, 'key', 100))?.toString()).toBe('third');
  });

  it('lists objects with the ETag a read gives, so that a cache by ETag knows what changed', async () => {
    const store = await testStore();
    const bucket = store.config.bucket;
    await store.write(bucket, 'queue/b', Buffer.from('b'));
    await store.write(bucket, 'queue/a', Buffer.from('a'));
    await store.write(bucket, 'other', Buffer.from('o'));
    const listed = await store.listObjects(bucket, 'queue/');
    expect(listed.map((object) => object.key)).toEqual(['queue/a', 'queue/b']);
    for (const { key, etag } of listed) expect(etag).toBe((await store.readVersioned(bucket, key, 10))?.etag);
  });
});
