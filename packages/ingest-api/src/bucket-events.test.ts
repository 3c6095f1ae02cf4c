import { SchemaInvalidError } from '@docsort/contracts';
import { describe, expect, it } from 'vitest';
import { incomingForStoredObject, parseBucketEvent } from './bucket-events.ts';

const event = (eventName: string, key: string) =>
  Buffer.from(
    JSON.stringify({
      Records: [
        {
          eventName,
          s3: {
            bucket: { name: 'inbox' },
            object: { key, size: 42, eTag: 'abc', contentType: 'application/pdf' },
          },
        },
      ],
    }),
  );

describe('parseBucketEvent', () => {
  it('reads created objects, decoding their URL-encoded keys', () => {
    expect(parseBucketEvent(event('s3:ObjectCreated:Put', 'drops/scan+0001%281%29.pdf'))).toEqual([
      {
        bucket: 'inbox',
        key: 'drops/scan 0001(1).pdf',
        size: 42,
        etag: 'abc',
        versionId: null,
        contentType: 'application/pdf',
      },
    ]);
  });

  it('ignores other events and refuses what is not an S3 event', () => {
    expect(parseBucketEvent(event('s3:ObjectRemoved:Delete', 'x'))).toEqual([]);
    expect(() => parseBucketEvent(Buffer.from('not json'))).toThrow(SchemaInvalidError);
    expect(() => parseBucketEvent(Buffer.from('{"hello":1}'))).toThrow(/no Records/);
  });
});

describe('incomingForStoredObject', () => {
  it('derives the documentId from the object, so a repeated event is the same document', () => {
    const object = {
      bucket: 'inbox',
      key: 'a/IMG_1.jpg',
      size: 3,
      etag: 'e1',
      versionId: null,
      contentType: null,
    };
    const first = incomingForStoredObject(object);
    expect(incomingForStoredObject(object).documentId).toBe(first.documentId);
    expect(incomingForStoredObject({ ...object, etag: 'e2' }).documentId).not.toBe(first.documentId);
    expect(first).toMatchObject({
      origin: 'BUCKET_NOTIFICATION',
      filename: 'IMG_1.jpg',
      object: { bucket: 'inbox', key: 'a/IMG_1.jpg' },
    });
  });
});
