import { Readable } from 'node:stream';
import {
  type DependencyCallListener,
  measuredCall,
  PermanentError,
  RetriableError,
} from '@docsort/contracts';
import { Client } from 'minio';
import type { ObjectStoreConfig } from './object-store-config.ts';

export interface StoredObject {
  readonly bucket: string;
  readonly key: string;
  readonly etag: string | null;
  readonly versionId: string | null;
}

export interface ListedObject {
  readonly key: string;
  /** Quoted, as `readVersioned` gives it. */
  readonly etag: string;
}

export interface VersionedObject {
  readonly bytes: Buffer;
  /** As the server sent it (quoted): pass it to `writeIfUnchanged`. */
  readonly etag: string;
}

const missingCodes = new Set(['NoSuchKey', 'NotFound', 'NoSuchBucket']);
const preconditionCodes = new Set(['PreconditionFailed', 'ConditionalRequestConflict']);

/** S3 errors as the pipeline needs them: a missing object is the record's problem, anything else ours. */
function asPipelineError(error: unknown, what: string): unknown {
  const code = (error as { code?: string }).code;
  if (code && missingCodes.has(code))
    return new PermanentError('OBJECT_MISSING', `${what}: no such object`, { cause: error });
  if (error instanceof PermanentError) return error;
  return new RetriableError(`${what}: ${(error as Error).message}`, { cause: error });
}

/**
 * S3 clients upload a stream of unknown length as a multipart upload — four requests (find an unfinished
 * upload, initiate, part, complete) where one PUT would do. Almost every document is small: read up to
 * `singleRequestBytes` first; a stream that ends by then is sent as one buffer, a longer one goes on as a
 * stream with what was read in front.
 */
const singleRequestBytes = 5 * 1024 * 1024; // S3's smallest multipart part

async function spoolSmall(body: Readable): Promise<Buffer | Readable> {
  const chunks: Buffer[] = [];
  let size = 0;
  const iterator = body[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  while (size <= singleRequestBytes) {
    const next = await iterator.next();
    if (next.done) return Buffer.concat(chunks, size);
    chunks.push(next.value);
    size += next.value.length;
  }
  return Readable.from(
    (async function* rest() {
      yield* chunks;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
    })(),
    { objectMode: false },
  );
}

export class ObjectStore {
  readonly client: Client;
  readonly #onCall: DependencyCallListener | undefined;

  constructor(
    readonly config: ObjectStoreConfig,
    /** Told of every call's operation, duration and outcome (metrics). */
    options: { readonly onCall?: DependencyCallListener } = {},
  ) {
    this.#onCall = options.onCall;
    const url = new URL(config.endpoint);
    this.client = new Client({
      endPoint: url.hostname,
      port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)),
      useSSL: url.protocol === 'https:',
      accessKey: config.accessKey,
      secretKey: config.secretKey,
      region: config.region,
    });
  }

  async ensureBucket(bucket: string): Promise<void> {
    return measuredCall(this.#onCall, 'ensureBucket', () => this.#ensureBucket(bucket));
  }

  async #ensureBucket(bucket: string): Promise<void> {
    if (!(await this.client.bucketExists(bucket))) {
      await this.client.makeBucket(bucket, this.config.region).catch((error: { code?: string }) => {
        if (error.code !== 'BucketAlreadyOwnedByYou' && error.code !== 'BucketAlreadyExists') throw error;
      });
    }
  }

  /** The whole object, refused as TOO_LARGE beyond `maxBytes` without reading it. */
  async read(bucket: string, key: string, maxBytes: number): Promise<Buffer> {
    return measuredCall(this.#onCall, 'read', () => this.#read(bucket, key, maxBytes));
  }

  async #read(bucket: string, key: string, maxBytes: number): Promise<Buffer> {
    const what = `s3://${bucket}/${key}`;
    try {
      return (await this.#get(bucket, key, maxBytes)).bytes;
    } catch (error) {
      throw asPipelineError(error, what);
    }
  }

  /**
   * A small object in one request, or undefined when there is none — for lookups on the hot path (results,
   * pointers), where `exists` then `read` would cost three round trips. Refused as TOO_LARGE past `maxBytes`.
   */
  async readIfExists(bucket: string, key: string, maxBytes: number): Promise<Buffer | undefined> {
    return measuredCall(
      this.#onCall,
      'readIfExists',
      async () => (await this.#getIfExists(bucket, key, maxBytes))?.bytes,
    );
  }

  /** Like `readIfExists`, with the object's ETag: what `writeIfUnchanged` needs to replace it safely. */
  async readVersioned(bucket: string, key: string, maxBytes: number): Promise<VersionedObject | undefined> {
    return measuredCall(this.#onCall, 'readVersioned', () => this.#getIfExists(bucket, key, maxBytes));
  }

  async #getIfExists(bucket: string, key: string, maxBytes: number): Promise<VersionedObject | undefined> {
    try {
      return await this.#get(bucket, key, maxBytes);
    } catch (error) {
      if (missingCodes.has((error as { code?: string }).code ?? '')) return undefined;
      throw asPipelineError(error, `s3://${bucket}/${key}`);
    }
  }

  /** One GET; the size limit is checked on Content-Length before reading, and again while reading. */
  async #get(bucket: string, key: string, maxBytes: number): Promise<VersionedObject> {
    const stream = await this.client.getObject(bucket, key);
    const headers = (stream as Readable & { headers?: Record<string, string | undefined> }).headers ?? {};
    const what = `s3://${bucket}/${key}`;
    const tooLarge = (size?: number) =>
      new PermanentError(
        'TOO_LARGE',
        size ? `${what} has ${size} bytes, more than ${maxBytes}` : `${what} has more than ${maxBytes} bytes`,
      );
    const length = Number(headers['content-length'] ?? 0);
    if (length > maxBytes) {
      stream.destroy();
      throw tooLarge(length);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of stream) {
      size += (chunk as Buffer).length;
      if (size > maxBytes) {
        stream.destroy();
        throw tooLarge();
      }
      chunks.push(chunk as Buffer);
    }
    return { bytes: Buffer.concat(chunks), etag: headers.etag ?? '' };
  }

  async write(
    bucket: string,
    key: string,
    body: Buffer | Readable,
    metadata: Record<string, string> = {},
    size?: number,
  ): Promise<StoredObject> {
    return measuredCall(this.#onCall, 'write', () => this.#write(bucket, key, body, metadata, size));
  }

  async #write(
    bucket: string,
    key: string,
    body: Buffer | Readable,
    metadata: Record<string, string> = {},
    size?: number,
  ): Promise<StoredObject> {
    try {
      const content = body instanceof Readable && size === undefined ? await spoolSmall(body) : body;
      return await this.#put(
        bucket,
        key,
        content,
        content instanceof Buffer ? content.length : size,
        metadata,
      );
    } catch (error) {
      throw asPipelineError(error, `s3://${bucket}/${key}`);
    }
  }

  /**
   * Writes only if no object has the key yet (S3 `If-None-Match: *`): undefined when one has. With
   * `writeIfUnchanged`, a compare-and-swap that needs no read in the common case — the key is new.
   */
  async writeIfAbsent(
    bucket: string,
    key: string,
    body: Buffer,
    metadata: Record<string, string> = {},
  ): Promise<StoredObject | undefined> {
    return measuredCall(this.#onCall, 'writeIfAbsent', () =>
      this.#writeConditionally(bucket, key, body, { ...metadata, 'If-None-Match': '*' }),
    );
  }

  /** Writes only if the object is still the one read with `etag` (S3 `If-Match`): undefined when it changed. */
  async writeIfUnchanged(
    bucket: string,
    key: string,
    etag: string,
    body: Buffer,
    metadata: Record<string, string> = {},
  ): Promise<StoredObject | undefined> {
    return measuredCall(this.#onCall, 'writeIfUnchanged', () =>
      this.#writeConditionally(bucket, key, body, { ...metadata, 'If-Match': etag }),
    );
  }

  async #writeConditionally(
    bucket: string,
    key: string,
    body: Buffer,
    headers: Record<string, string>,
  ): Promise<StoredObject | undefined> {
    try {
      return await this.#put(bucket, key, body, body.length, headers);
    } catch (error) {
      // 412: the condition failed; 409: a concurrent conditional write to the same key won the race.
      const code = (error as { code?: string }).code ?? '';
      if (preconditionCodes.has(code)) return undefined;
      throw asPipelineError(error, `s3://${bucket}/${key}`);
    }
  }

  /** One PutObject; errors are the caller's to map. */
  async #put(
    bucket: string,
    key: string,
    content: Buffer | Readable,
    size: number | undefined,
    headers: Record<string, string>,
  ): Promise<StoredObject> {
    const result = await this.client.putObject(bucket, key, content, size, headers);
    return { bucket, key, etag: result.etag ?? null, versionId: result.versionId ?? null };
  }

  async exists(bucket: string, key: string): Promise<boolean> {
    return measuredCall(this.#onCall, 'exists', () => this.#exists(bucket, key));
  }

  async #exists(bucket: string, key: string): Promise<boolean> {
    try {
      await this.client.statObject(bucket, key);
      return true;
    } catch (error) {
      if (missingCodes.has((error as { code?: string }).code ?? '')) return false;
      throw asPipelineError(error, `s3://${bucket}/${key}`);
    }
  }

  /**
   * An object's user metadata (`x-amz-meta-*`, without the prefix, names lower-cased), or undefined when there
   * is no such object.
   */
  async metadata(bucket: string, key: string): Promise<Readonly<Record<string, string>> | undefined> {
    return measuredCall(this.#onCall, 'metadata', async () => {
      try {
        return (await this.client.statObject(bucket, key)).metaData as Record<string, string>;
      } catch (error) {
        if (missingCodes.has((error as { code?: string }).code ?? '')) return undefined;
        throw asPipelineError(error, `s3://${bucket}/${key}`);
      }
    });
  }

  /** Every key under `prefix`, recursively, sorted. */
  async listKeys(bucket: string, prefix: string): Promise<string[]> {
    return measuredCall(this.#onCall, 'listKeys', () => this.#listKeys(bucket, prefix));
  }

  async #listKeys(bucket: string, prefix: string): Promise<string[]> {
    try {
      const keys: string[] = [];
      for await (const item of this.client.listObjectsV2(bucket, prefix, true)) {
        if ((item as { name?: string }).name) keys.push((item as { name: string }).name);
      }
      return keys.sort();
    } catch (error) {
      throw asPipelineError(error, `s3://${bucket}/${prefix}`);
    }
  }

  /**
   * Every object under `prefix`, recursively, sorted by key, with its ETag: a reader that caches objects by
   * ETag re-reads only those that changed.
   */
  async listObjects(bucket: string, prefix: string): Promise<ListedObject[]> {
    return measuredCall(this.#onCall, 'listObjects', () => this.#listObjects(bucket, prefix));
  }

  async #listObjects(bucket: string, prefix: string): Promise<ListedObject[]> {
    try {
      const objects: ListedObject[] = [];
      for await (const item of this.client.listObjectsV2(bucket, prefix, true)) {
        const { name, etag } = item as { name?: string; etag?: string };
        // Listings give the ETag unquoted; GET and conditional writes use it quoted.
        if (name) objects.push({ key: name, etag: etag ? `"${etag.replace(/"/g, '')}"` : '' });
      }
      return objects.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    } catch (error) {
      throw asPipelineError(error, `s3://${bucket}/${prefix}`);
    }
  }

  /** Sets an object's tags in one request; false when there is no such object. */
  async tag(bucket: string, key: string, tags: Record<string, string>): Promise<boolean> {
    return measuredCall(this.#onCall, 'tag', () => this.#tag(bucket, key, tags));
  }

  async #tag(bucket: string, key: string, tags: Record<string, string>): Promise<boolean> {
    try {
      await this.client.setObjectTagging(bucket, key, tags);
      return true;
    } catch (error) {
      if (missingCodes.has((error as { code?: string }).code ?? '')) return false;
      throw asPipelineError(error, `s3://${bucket}/${key}`);
    }
  }

  async remove(bucket: string, key: string): Promise<void> {
    return measuredCall(this.#onCall, 'remove', () => this.#remove(bucket, key));
  }

  async #remove(bucket: string, key: string): Promise<void> {
    await this.client.removeObject(bucket, key);
  }
}
