import { loadClientConfig } from '@docsort/client-config';
import { loadObjectStoreConfig, loadRetentionConfig } from '@docsort/object-store';
import { Command } from 'commander';
import { logLevel } from 'kafkajs';
import { applySetup } from '../apply-setup.ts';
import { ensureModel } from '../ensure-model.ts';

/**
 * Everything a deployment needs before its services start, idempotently: topics and schemas, buckets and the
 * inbox notification, and a model to serve. docker compose's init service and the Helm chart's
 * pre-install/pre-upgrade Job run it.
 */
export function setupCommand(): Command {
  return new Command('setup')
    .description('apply topics, schemas and buckets, and publish the shipped model if none is published')
    .option('--model-name <name>', 'model the classify service serves', 'docsort-text-cnn')
    .action(async (options: { modelName: string }) => {
      console.log(
        await applySetup(
          loadClientConfig(process.env, logLevel.ERROR),
          loadObjectStoreConfig(),
          loadRetentionConfig(),
        ),
      );
      console.log(await ensureModel(process.env, options.modelName));
    });
}
