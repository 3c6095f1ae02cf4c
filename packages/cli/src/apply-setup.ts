import { type ClientConfig, createKafka, createSchemaRegistryClient } from '@docsort/client-config';
import { configureInbox } from '@docsort/ingest-api';
import {
  applyRetention,
  ObjectStore,
  type ObjectStoreConfig,
  type RetentionConfig,
} from '@docsort/object-store';
import { applyTopics } from '@docsort/topic-admin';
import pc from 'picocolors';
import { renderApplyReport } from './topics-output.ts';

const forDays = (days: number) => (days ? `${days} days` : 'forever');

/**
 * What `docsort topics apply` sets up, idempotently: topics (with their retention), schemas (BACKWARD), the
 * buckets with their expiry rules, and the inbox bucket's notification to Kafka. Returns the report to print.
 */
export async function applySetup(
  client: ClientConfig,
  storeConfig: ObjectStoreConfig,
  retention: RetentionConfig,
): Promise<string> {
  const admin = createKafka(client).admin();
  await admin.connect();
  let report: string;
  try {
    report = renderApplyReport(
      await applyTopics(admin, createSchemaRegistryClient(client), client.topics, [client.inboxEventsTopic]),
    );
  } finally {
    await admin.disconnect();
  }
  const store = new ObjectStore(storeConfig);
  const inbox = await configureInbox(store, storeConfig.notifyArn ?? '');
  await applyRetention(store, retention);
  const buckets = inbox.buckets.map((bucket) => `bucket   ${bucket}`).join('\n');
  const kept = `keep     documents ${forDays(retention.documentsDays)}, results ${forDays(retention.resultsDays)}`;
  return `${report}\n${buckets}\n${kept}\n${pc.dim(`inbox    s3://${inbox.inboxBucket} → ${inbox.notifyArn} → ${client.inboxEventsTopic}`)}`;
}
