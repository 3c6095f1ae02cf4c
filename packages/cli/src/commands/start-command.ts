import { loadClientConfig } from '@docsort/client-config';
import { findRepoRoot, loadStackConfig, nativeStackEndpoints } from '@docsort/local-stack';
import { loadObjectStoreConfig } from '@docsort/object-store';
import { Command } from 'commander';
import { logLevel } from 'kafkajs';
import pc from 'picocolors';
import { applySetup } from '../apply-setup.ts';
import { stackFromEnv } from '../stack-from-env.ts';
import { renderEndpoints, renderStatusTable } from '../stack-output.ts';

/** The README's main job. For now: the stack up and healthy, topics, schemas and buckets applied, every endpoint printed. */
export function startCommand(): Command {
  return new Command('start')
    .description(
      'set up and start docsort locally: the stack, its topics and schemas; then print every endpoint',
    )
    .action(async () => {
      const started = Date.now();
      const statuses = await stackFromEnv().up();
      // The pipeline's clients follow the stack's ports unless told otherwise.
      const endpoints = nativeStackEndpoints(loadStackConfig(findRepoRoot()));
      const config = loadClientConfig(
        {
          DOCSORT_KAFKA_BROKERS: endpoints.kafka.brokers.join(','),
          DOCSORT_SCHEMA_REGISTRY_URL: endpoints.schemaRegistry.url,
          DOCSORT_INBOX_EVENTS_TOPIC: endpoints.s3.notifyTopic,
          ...process.env,
        },
        logLevel.ERROR,
      );
      const storeConfig = loadObjectStoreConfig({
        DOCSORT_S3_ENDPOINT: endpoints.s3.endpoint,
        DOCSORT_S3_ACCESS_KEY: endpoints.s3.accessKey,
        DOCSORT_S3_SECRET_KEY: endpoints.s3.secretKey,
        DOCSORT_S3_NOTIFY_ARN: endpoints.s3.notifyArn,
        ...process.env,
      });
      console.log();
      console.log(await applySetup(config, storeConfig));
      console.log();
      console.log(renderStatusTable(statuses));
      console.log();
      console.log(renderEndpoints(statuses));
      console.log();
      console.log(
        pc.green(`docsort's stack is up (${((Date.now() - started) / 1000).toFixed(1)}s).`) +
          ' Stop it with `pnpm docsort stack down`; logs: `pnpm docsort stack logs -f`.',
      );
    });
}
