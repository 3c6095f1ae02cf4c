import { parseEnv } from '@docsort/client-config';
import { z } from 'zod';

const bucketName = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
    'an S3 bucket name (3-63 lowercase letters, digits, "." or "-")',
  );

const objectStoreEnvSchema = z.object({
  DOCSORT_S3_ENDPOINT: z.url({ message: 'an http(s) URL' }).default('http://127.0.0.1:9000'),
  DOCSORT_S3_ACCESS_KEY: z.string().min(1).default('docsort'),
  DOCSORT_S3_SECRET_KEY: z.string().min(1).default('docsort-secret'),
  DOCSORT_S3_REGION: z.string().min(1).default('us-east-1'),
  DOCSORT_S3_BUCKET: bucketName.default('documents'),
  DOCSORT_S3_INBOX_BUCKET: bucketName.default('inbox'),
  DOCSORT_S3_NOTIFY_ARN: z.string().startsWith('arn:', 'an ARN').default('arn:minio:sqs::DOCSORT:kafka'),
});

export interface ObjectStoreConfig {
  readonly endpoint: string;
  readonly accessKey: string;
  readonly secretKey: string;
  readonly region: string;
  /** Originals, extracted text and results live here. */
  readonly bucket: string;
  /** Files dropped here are picked up through the bucket's Kafka notification. */
  readonly inboxBucket: string;
  /** The notification target (MinIO's Kafka target) that the inbox bucket's events are sent to. */
  readonly notifyArn?: string;
}

/** S3 settings from DOCSORT_S3_* variables; defaults reach the native stack's MinIO. */
export function loadObjectStoreConfig(env: NodeJS.ProcessEnv = process.env): ObjectStoreConfig {
  const e = parseEnv(objectStoreEnvSchema, env);
  return {
    endpoint: e.DOCSORT_S3_ENDPOINT,
    accessKey: e.DOCSORT_S3_ACCESS_KEY,
    secretKey: e.DOCSORT_S3_SECRET_KEY,
    region: e.DOCSORT_S3_REGION,
    bucket: e.DOCSORT_S3_BUCKET,
    inboxBucket: e.DOCSORT_S3_INBOX_BUCKET,
    notifyArn: e.DOCSORT_S3_NOTIFY_ARN,
  };
}
