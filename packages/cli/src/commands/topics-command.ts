import { createKafka, createSchemaRegistryClient, loadClientConfig } from '@docsort/client-config';
import { applyTopics } from '@docsort/topic-admin';
import { Command } from 'commander';
import { logLevel } from 'kafkajs';
import { renderApplyReport } from '../topics-output.ts';

export function topicsCommand(): Command {
  const topics = new Command('topics').description("docsort's Kafka topics and their schemas");
  topics
    .command('apply')
    .description(
      'create missing topics (DOCSORT_TOPIC_PREFIX, _PARTITIONS, _REPLICATION_FACTOR, _RETENTION_MS) and register ' +
        'their Avro schemas as <topic>-value with BACKWARD compatibility; safe to run again',
    )
    .action(async () => {
      const config = loadClientConfig(process.env, logLevel.ERROR);
      const admin = createKafka(config).admin();
      await admin.connect();
      try {
        console.log(
          renderApplyReport(await applyTopics(admin, createSchemaRegistryClient(config), config.topics)),
        );
      } finally {
        await admin.disconnect();
      }
    });
  return topics;
}
