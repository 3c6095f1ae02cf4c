import { loadClientConfig } from '@docsort/client-config';
import { loadObjectStoreConfig, loadRetentionConfig } from '@docsort/object-store';
import { Command } from 'commander';
import { logLevel } from 'kafkajs';
import { applySetup } from '../apply-setup.ts';

export function topicsCommand(): Command {
  const topics = new Command('topics').description("docsort's Kafka topics, their schemas, and the buckets");
  topics
    .command('apply')
    .description(
      'create missing topics (DOCSORT_TOPIC_PREFIX, _PARTITIONS, _REPLICATION_FACTOR, _RETENTION_MS; a changed retention is ' +
        'applied to existing ones), register their ' +
        'Avro schemas as <topic>-value with BACKWARD compatibility, create the buckets with their expiry rules ' +
        '(DOCSORT_RETENTION_DOCUMENTS_DAYS, _RESULTS_DAYS) and the inbox notification; ' +
        'safe to run again',
    )
    .action(async () => {
      console.log(
        await applySetup(
          loadClientConfig(process.env, logLevel.ERROR),
          loadObjectStoreConfig(),
          loadRetentionConfig(),
        ),
      );
    });
  return topics;
}
