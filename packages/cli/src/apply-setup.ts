import { type ClientConfig, createKafka, createSchemaRegistryClient } from '@docsort/client-config';
import { configureInbox } from '@docsort/ingest-api';
import { ObjectStore, type ObjectStoreConfig } from '@docsort/object-store';
import { applyTopics } from '@docsort/topic-admin';
import pc from 'picocolors';
import { renderApplyReport } from './topics-output.ts';

/**
 * What `docsort topics apply` sets up, idempotently: topics, schemas (BACKWARD), the buckets, and the inbox
 * bucket's notification to Kafka. Returns the report to print.
 */
export async function applySetup(client: ClientConfig, storeConfig: ObjectStoreConfig): Promise<string> {
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
  const inbox = await configureInbox(new ObjectStore(storeConfig), storeConfig.notifyArn ?? '');
  const buckets = inbox.buckets.map((bucket) => `bucket   ${bucket}`).join('\n');
  return `${report}\n${buckets}\n${pc.dim(`inbox    s3://${inbox.inboxBucket} → ${inbox.notifyArn} → ${client.inboxEventsTopic}`)}`;
}
