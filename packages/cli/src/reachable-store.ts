import type { ObjectStore } from '@docsort/object-store';

/** The store, once its bucket answers: a stack that is down gets one clear message, not an S3 stack trace. */
export async function reachableStore(store: ObjectStore): Promise<ObjectStore> {
  try {
    await store.ensureBucket(store.config.bucket);
    return store;
  } catch (error) {
    throw new Error(
      `the object store at ${store.config.endpoint} does not answer (${(error as Error).message}); ` +
        'start the stack with `docsort stack up` or set DOCSORT_S3_ENDPOINT',
    );
  }
}
