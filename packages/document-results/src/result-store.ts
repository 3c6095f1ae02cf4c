import { type ObjectStore, objectKeys } from '@docsort/object-store';
import { type DocumentResult, supersedes } from './document-result.ts';

/** results/<documentId>.json in the documents bucket. */
export class ResultStore {
  constructor(readonly store: ObjectStore) {}

  async read(documentId: string): Promise<DocumentResult | undefined> {
    const bytes = await this.store.readIfExists(
      this.store.config.bucket,
      objectKeys.result(documentId),
      1024 * 1024,
    );
    return bytes ? JSON.parse(bytes.toString('utf8')) : undefined;
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
