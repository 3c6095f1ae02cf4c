import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

export class UploadTooLargeError extends Error {
  override readonly name = 'UploadTooLargeError';
}

/**
 * Passes an upload through while counting its bytes and hashing them (sha256), and keeps a copy of it while
 * it is at most `keepUpTo` bytes. Past `maxBytes` it stops passing data and marks the upload `exceeded`, but
 * ends normally: the S3 client then finishes cleanly (an errored input stream can leave it hanging) and the
 * caller deletes what was written.
 */
export class MeasuredUpload extends Transform {
  readonly #hash = createHash('sha256');
  #size = 0;
  #exceeded = false;
  #kept: Buffer[] | null = [];

  constructor(
    readonly maxBytes: number,
    readonly keepUpTo = 0,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.#size += chunk.length;
    if (this.#size > this.maxBytes) this.#exceeded = true;
    if (this.#exceeded) {
      done();
      return;
    }
    this.#hash.update(chunk);
    if (this.#size > this.keepUpTo) this.#kept = null;
    else this.#kept?.push(chunk);
    done(null, chunk);
  }

  /** The whole upload when it was at most `keepUpTo` bytes (call after the stream ended); else null. */
  kept(): Buffer | null {
    return this.#kept && this.#size > 0 ? Buffer.concat(this.#kept) : null;
  }

  get size(): number {
    return this.#size;
  }

  get exceeded(): boolean {
    return this.#exceeded;
  }

  /** Hex sha256 of everything that passed; call once, after the stream ended. */
  digest(): string {
    return this.#hash.digest('hex');
  }
}
