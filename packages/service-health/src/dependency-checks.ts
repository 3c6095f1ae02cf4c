import type { ObjectStore } from '@docsort/object-store';
import type { ReadinessCheck } from './health-server.ts';

/** The checks every consumer service shares: its bucket answers, and the schema registry does. */
export function dependencyChecks(store: ObjectStore, registryUrl: string): Record<string, ReadinessCheck> {
  return {
    objectStore: async () =>
      (await store.client.bucketExists(store.config.bucket))
        ? { ok: true }
        : { ok: false, reason: `bucket ${store.config.bucket} does not exist` },
    schemaRegistry: async () => {
      const response = await fetch(`${registryUrl}/subjects`);
      return response.ok ? { ok: true } : { ok: false, reason: `${registryUrl} answered ${response.status}` };
    },
  };
}
