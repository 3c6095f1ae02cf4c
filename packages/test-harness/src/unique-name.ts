import { randomBytes } from 'node:crypto';

/**
 * A name no other test or run uses, valid as a Kafka topic, consumer group and S3 bucket
 * (lowercase letters, digits and hyphens, at most 63 characters), so tests can run in parallel and again.
 */
export function uniqueName(prefix: string): string {
  const clean = prefix
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const suffix = `${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
  return `${clean.slice(0, 63 - suffix.length - 1) || 't'}-${suffix}`;
}
