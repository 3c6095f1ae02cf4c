import { createKafka, createSchemaRegistryClient, loadClientConfig } from '@docsort/client-config';
import { findRepoRoot, loadStackConfig, nativeStackEndpoints } from '@docsort/local-stack';
import { applyTopics } from '@docsort/topic-admin';
import { Command } from 'commander';
import { logLevel } from 'kafkajs';
import pc from 'picocolors';
import { stackFromEnv } from '../stack-from-env.ts';
import { renderEndpoints, renderStatusTable } from '../stack-output.ts';
import { renderApplyReport } from '../topics-output.ts';

/** The README's main job. For now: the stack up and healthy, topics and schemas applied, every endpoint printed. */
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
          ...process.env,
        },
        logLevel.ERROR,
      );
      const admin = createKafka(config).admin();
      await admin.connect();
      try {
        console.log();
        console.log(
          renderApplyReport(await applyTopics(admin, createSchemaRegistryClient(config), config.topics)),
        );
      } finally {
        await admin.disconnect();
      }
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
