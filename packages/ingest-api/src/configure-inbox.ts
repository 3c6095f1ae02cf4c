import type { ObjectStore } from '@docsort/object-store';
import { NotificationConfig, ObjectCreatedAll, QueueConfig } from 'minio';

export interface InboxReport {
  readonly buckets: readonly string[];
  readonly inboxBucket: string;
  readonly notifyArn: string;
}

/**
 * The buckets docsort needs, and the inbox's notification: every object created in it is announced to the
 * Kafka target `notifyArn`, which the ingest service turns into documents. Idempotent.
 */
export async function configureInbox(store: ObjectStore, notifyArn: string): Promise<InboxReport> {
  const { bucket, inboxBucket } = store.config;
  await store.ensureBucket(bucket);
  await store.ensureBucket(inboxBucket);
  const notification = new NotificationConfig();
  const queue = new QueueConfig(notifyArn);
  queue.addEvent(ObjectCreatedAll);
  notification.add(queue);
  await store.client.setBucketNotification(inboxBucket, notification);
  return { buckets: [bucket, inboxBucket], inboxBucket, notifyArn };
}
