import type { ObjectStore } from '@docsort/object-store';
import type { Admin, Kafka } from 'kafkajs';
import type { ReadinessCheck } from './health-server.ts';

/** Kafka answers: a cluster description through one admin connection, opened on the first check. */
export function kafkaCheck(kafka: Kafka): { check: ReadinessCheck; close(): Promise<void> } {
  let admin: Promise<Admin> | undefined;
  return {
    check: async () => {
      admin ??= (async () => {
        const client = kafka.admin();
        await client.connect();
        return client;
      })().catch((error) => {
        admin = undefined;
        throw error;
      });
      const { brokers } = await (await admin).describeCluster();
      return brokers.length ? { ok: true } : { ok: false, reason: 'the cluster has no brokers' };
    },
    close: async () => {
      await (await admin?.catch(() => undefined))?.disconnect();
    },
  };
}

/** The schema registry answers (its subject list). */
export function schemaRegistryCheck(registryUrl: string): ReadinessCheck {
  return async () => {
    const response = await fetch(`${registryUrl}/subjects`);
    return response.ok ? { ok: true } : { ok: false, reason: `${registryUrl} answered ${response.status}` };
  };
}

/** The checks every service shares: Kafka answers, its bucket answers, and the schema registry does. */
export function dependencyChecks(
  store: ObjectStore,
  registryUrl: string,
  kafka: ReadinessCheck,
): Record<string, ReadinessCheck> {
  return {
    kafka,
    objectStore: async () =>
      (await store.client.bucketExists(store.config.bucket))
        ? { ok: true }
        : { ok: false, reason: `bucket ${store.config.bucket} does not exist` },
    schemaRegistry: schemaRegistryCheck(registryUrl),
  };
}
