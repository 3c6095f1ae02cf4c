import type { SchemaRegistryClient } from '@docsort/avro-serde';
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

/**
 * The schema registry answers its subject list — through the client the serde uses, so with the same
 * credentials: a registry that refuses them is not ready, and says so.
 */
export function schemaRegistryCheck(registry: SchemaRegistryClient): ReadinessCheck {
  return async () => {
    try {
      await registry.subjects();
      return { ok: true };
    } catch (error) {
      return { ok: false, reason: `${registry.url}: ${(error as Error).message}` };
    }
  };
}

/** The checks every service shares: Kafka answers, its bucket answers, and the schema registry does. */
export function dependencyChecks(
  store: ObjectStore,
  registry: SchemaRegistryClient,
  kafka: ReadinessCheck,
): Record<string, ReadinessCheck> {
  return {
    kafka,
    objectStore: async () =>
      (await store.client.bucketExists(store.config.bucket))
        ? { ok: true }
        : { ok: false, reason: `bucket ${store.config.bucket} does not exist` },
    schemaRegistry: schemaRegistryCheck(registry),
  };
}
