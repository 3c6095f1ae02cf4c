import { type DocumentClassified, RetriableError } from '@docsort/contracts';
import { type ObjectStore, objectKeys } from '@docsort/object-store';
import { defaultReviewConfig, type ReviewConfig } from './review-config.ts';
import {
  claimed,
  heldBy,
  type ReviewItem,
  type ReviewRefusal,
  refiled,
  reviewedAs,
  reviewItemFromClassification,
  type StoredReviewItem,
  skipped,
  toReviewItem,
} from './review-item.ts';
import {
  offeredItems,
  type ReviewPage,
  type ReviewPageRequest,
  type ReviewStats,
  reviewPage,
  reviewStats,
} from './review-query.ts';

/** Whose items a caller sees: one tenant's (an authenticated caller), or everyone's (no authentication). */
export type ReviewScope = { readonly tenant: string | null } | 'all-tenants';

/** What a queue operation answers: done, or refused with the reason. */
export type ReviewOutcome<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly reason: 'not_found' | 'queue_empty' | ReviewRefusal };

const maxItemBytes = 64 * 1024;
const maxConflicts = 5;
/** Items read at once when a listing finds new or changed ones. */
const readConcurrency = 16;
const jsonMetadata = { 'content-type': 'application/json' };

const serialize = (item: StoredReviewItem) => Buffer.from(`${JSON.stringify(item)}\n`);
const parse = (bytes: Buffer) => JSON.parse(bytes.toString('utf8')) as StoredReviewItem;
const refused = (reason: 'not_found' | 'queue_empty' | ReviewRefusal) => ({ ok: false, reason }) as const;

/**
 * The review queue: one JSON object per document in the object store (objectKeys.reviewItem), changed only by
 * compare-and-swap (conditional writes on the object's ETag), so two reviewers can never both hold an item and
 * any number of API instances can serve it. Nothing lives only in memory: a new instance over the same bucket
 * sees the same queue. Listing costs one LIST per 1000 items; an item is read again only when its ETag changed.
 */
export class ReviewQueue {
  readonly #store: ObjectStore;
  readonly #config: ReviewConfig;
  readonly #now: () => number;
  /** Items by key, with the ETag they were read at: a listing re-reads only what changed. */
  readonly #cache = new Map<string, { readonly etag: string; readonly item: StoredReviewItem }>();

  constructor(
    store: ObjectStore,
    options: { readonly config?: ReviewConfig; readonly now?: () => number } = {},
  ) {
    this.#store = store;
    this.#config = options.config ?? defaultReviewConfig;
    this.#now = options.now ?? Date.now;
  }

  /**
   * Files a document that needs review; true when the stored item changed. Idempotent: a redelivered record
   * rewrites the same item; a newer classification updates it; a claimed or reviewed item stays as it is.
   */
  async file(record: DocumentClassified): Promise<boolean> {
    const { bucket } = this.#store.config;
    const key = objectKeys.reviewItem(record.tenant, record.documentId);
    const body = serialize(reviewItemFromClassification(record));
    for (let attempt = 0; attempt < maxConflicts; attempt++) {
      if (await this.#store.writeIfAbsent(bucket, key, body, jsonMetadata)) return true;
      const current = await this.#store.readVersioned(bucket, key, maxItemBytes);
      if (!current) continue; // removed since: file it again
      const next = refiled(parse(current.bytes), record, this.#now());
      if (!next) return false;
      const nextBody = serialize(next);
      if (nextBody.equals(current.bytes)) return false;
      if (await this.#store.writeIfUnchanged(bucket, key, current.etag, nextBody, jsonMetadata)) return true;
    }
    throw new RetriableError(`${key}: still changing after ${maxConflicts} tries`);
  }

  /** One page of the items `reviewer` may take, oldest first. */
  async list(scope: ReviewScope, reviewer: string, request: ReviewPageRequest): Promise<ReviewPage> {
    const items = await this.#items(scope);
    return reviewPage(
      items.map((entry) => entry.item),
      reviewer,
      this.#now(),
      request,
    );
  }

  async stats(scope: ReviewScope): Promise<ReviewStats> {
    const items = await this.#items(scope);
    return reviewStats(
      items.map((entry) => entry.item),
      this.#now(),
    );
  }

  /** The item as stored, whatever its state; undefined when the scope has no such document. */
  async find(scope: ReviewScope, documentId: string): Promise<StoredReviewItem | undefined> {
    const key = await this.#keyOf(scope, documentId);
    if (!key) return undefined;
    const current = await this.#store.readVersioned(this.#store.config.bucket, key, maxItemBytes);
    return current && parse(current.bytes);
  }

  /**
   * Claims `documentId` for `reviewer`, or without one the oldest item offered to them, for the configured
   * lease. Re-claiming one's own claim renews it.
   */
  async claim(
    scope: ReviewScope,
    reviewer: string,
    documentId?: string,
  ): Promise<ReviewOutcome<{ item: ReviewItem; leaseExpiresAt: number }>> {
    const leaseMs = this.#config.leaseSeconds * 1000;
    const claimKey = async (key: string) => {
      const now = this.#now();
      const outcome = await this.#change(key, (item) => claimed(item, reviewer, now, leaseMs));
      if (outcome.ok) {
        const item = toReviewItem(outcome.value, now);
        return { ok: true, value: { item, leaseExpiresAt: item.leaseExpiresAt ?? now + leaseMs } } as const;
      }
      return outcome;
    };
    if (documentId) {
      const key = await this.#keyOf(scope, documentId);
      return key ? claimKey(key) : refused('not_found');
    }
    const entries = await this.#items(scope);
    const keyOf = new Map(entries.map((entry) => [entry.item.documentId, entry.key]));
    const offered = offeredItems(
      entries.map((entry) => entry.item),
      reviewer,
      this.#now(),
    );
    // Another reviewer may win any of them between the listing and the claim: then the next one.
    for (const item of offered) {
      const outcome = await claimKey(keyOf.get(item.documentId) as string);
      if (outcome.ok) return outcome;
    }
    return refused('queue_empty');
  }

  /**
   * Records `reviewer`'s verdict on an item they hold: `deliver` (which sends the correction on) first, then
   * the item is marked reviewed and leaves the queue. Should `deliver` fail, the item stays claimed.
   */
  async label(
    scope: ReviewScope,
    reviewer: string,
    documentId: string,
    label: string,
    deliver: (item: StoredReviewItem) => Promise<void>,
  ): Promise<ReviewOutcome<StoredReviewItem>> {
    const key = await this.#keyOf(scope, documentId);
    const current = key && (await this.#store.readVersioned(this.#store.config.bucket, key, maxItemBytes));
    if (!key || !current) return refused('not_found');
    const item = parse(current.bytes);
    const refusal = heldBy(item, reviewer);
    if (refusal) return refused(refusal);
    await deliver(item);
    // The correction is on its way: the verdict is recorded whatever happened to the item meanwhile.
    const verdict = { label, reviewer, at: this.#now() };
    return this.#change(key, (changed) => reviewedAs(changed, verdict));
  }

  /** Releases `reviewer`'s claim; the item is offered to others at once and to them after the skip time. */
  async skip(
    scope: ReviewScope,
    reviewer: string,
    documentId: string,
  ): Promise<ReviewOutcome<StoredReviewItem>> {
    const key = await this.#keyOf(scope, documentId);
    if (!key) return refused('not_found');
    const skipMs = this.#config.skipSeconds * 1000;
    return this.#change(key, (item) => skipped(item, reviewer, this.#now(), skipMs));
  }

  /** Reads, changes and writes back an item, again if someone else wrote it in between. */
  async #change(
    key: string,
    change: (item: StoredReviewItem) => StoredReviewItem | ReviewRefusal,
  ): Promise<ReviewOutcome<StoredReviewItem>> {
    const { bucket } = this.#store.config;
    for (let attempt = 0; attempt < maxConflicts; attempt++) {
      const current = await this.#store.readVersioned(bucket, key, maxItemBytes);
      if (!current) return refused('not_found');
      const next = change(parse(current.bytes));
      if (typeof next === 'string') return refused(next);
      if (await this.#store.writeIfUnchanged(bucket, key, current.etag, serialize(next), jsonMetadata)) {
        return { ok: true, value: next };
      }
    }
    throw new RetriableError(`${key}: still changing after ${maxConflicts} tries`);
  }

  /** Where the scope keeps `documentId`'s item, if anywhere. */
  async #keyOf(scope: ReviewScope, documentId: string): Promise<string | undefined> {
    if (scope !== 'all-tenants') return objectKeys.reviewItem(scope.tenant, documentId);
    const suffix = `/${documentId}.json`;
    const listed = await this.#store.listObjects(this.#store.config.bucket, objectKeys.reviewQueues);
    return listed.find((object) => object.key.endsWith(suffix))?.key;
  }

  /** Every item of the scope, as listed now: unchanged ones from the cache, the others read. */
  async #items(scope: ReviewScope): Promise<Array<{ key: string; item: StoredReviewItem }>> {
    const { bucket } = this.#store.config;
    const prefix = scope === 'all-tenants' ? objectKeys.reviewQueues : objectKeys.reviewQueue(scope.tenant);
    const listed = await this.#store.listObjects(bucket, prefix);
    const stale = listed.filter((object) => this.#cache.get(object.key)?.etag !== object.etag);
    for (let start = 0; start < stale.length; start += readConcurrency) {
      await Promise.all(
        stale.slice(start, start + readConcurrency).map(async ({ key }) => {
          const current = await this.#store.readVersioned(bucket, key, maxItemBytes);
          if (current) this.#cache.set(key, { etag: current.etag, item: parse(current.bytes) });
          else this.#cache.delete(key);
        }),
      );
    }
    const present = new Set(listed.map((object) => object.key));
    for (const key of this.#cache.keys()) {
      if (key.startsWith(prefix) && !present.has(key)) this.#cache.delete(key);
    }
    return listed.flatMap(({ key }) => {
      const cached = this.#cache.get(key);
      return cached ? [{ key, item: cached.item }] : [];
    });
  }
}
