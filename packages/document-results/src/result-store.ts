import { type ObjectStore, objectKeys } from '@docsort/object-store';
import { type DocumentResult, supersedes } from './document-result.ts';

/** results/<documentId>.json in the documents bucket. */
export class ResultStore {
  constructor(readonly store: ObjectStore) {}

  async read(documentId: string): Promise<DocumentResult | undefined> {
    const key = objectKeys.result(documentId);
    if (!(await this.store.exists(this.store.config.bucket, key))) return undefined;
    return JSON.parse((await this.store.read(this.store.config.bucket, key, 1024 * 1024)).toString('utf8'));
  }

  /** Writes `result` unless the stored one wins over it (see `supersedes`); true when written. */
  async write(result: DocumentResult): Promise<boolean> {
    if (!supersedes(result, await this.read(result.documentId))) return false;
    await this.store.write(
      this.store.config.bucket,
      objectKeys.result(result.documentId),
      Buffer.from(`${JSON.stringify(result)}\n`),
      { 'content-type': 'application/json' },
    );
    return true;
  }
}
