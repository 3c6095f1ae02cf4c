import type { Readable } from 'node:stream';
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

const missingCodes = new Set(['NoSuchKey', 'NotFound', 'NoSuchBucket']);

/** S3 errors as the pipeline needs them: a missing object is the record's problem, anything else ours. */
function asPipelineError(error: unknown, what: string): unknown {
  const code = (error as { code?: string }).code;
  if (code && missingCodes.has(code))
    return new PermanentError('OBJECT_MISSING', `${what}: no such object`, { cause: error });
  if (error instanceof PermanentError) return error;
  return new RetriableError(`${what}: ${(error as Error).message}`, { cause: error });
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
      const { size } = await this.client.statObject(bucket, key);
      if (size > maxBytes)
        throw new PermanentError('TOO_LARGE', `${what} has ${size} bytes, more than ${maxBytes}`);
      const stream = await this.client.getObject(bucket, key);
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    } catch (error) {
      throw asPipelineError(error, what);
    }
  }

  /**
   * A small object in one request, or undefined when there is none — for lookups on the hot path (results,
   * pointers), where `exists` then `read` would cost three round trips. Refused as TOO_LARGE past `maxBytes`.
   */
  async readIfExists(bucket: string, key: string, maxBytes: number): Promise<Buffer | undefined> {
    return measuredCall(this.#onCall, 'readIfExists', () => this.#readIfExists(bucket, key, maxBytes));
  }

  async #readIfExists(bucket: string, key: string, maxBytes: number): Promise<Buffer | undefined> {
    const what = `s3://${bucket}/${key}`;
    try {
      const stream = await this.client.getObject(bucket, key);
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of stream) {
        size += (chunk as Buffer).length;
        if (size > maxBytes) {
          stream.destroy();
          throw new PermanentError('TOO_LARGE', `${what} has more than ${maxBytes} bytes`);
        }
        chunks.push(chunk as Buffer);
      }
      return Buffer.concat(chunks);
    } catch (error) {
      if (missingCodes.has((error as { code?: string }).code ?? '')) return undefined;
      throw asPipelineError(error, what);
    }
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
      const result = await this.client.putObject(bucket, key, body, size, metadata);
      return { bucket, key, etag: result.etag ?? null, versionId: result.versionId ?? null };
    } catch (error) {
      throw asPipelineError(error, `s3://${bucket}/${key}`);
    }
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
