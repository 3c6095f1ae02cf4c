import { resolve } from 'node:path';
import { loadClientConfig } from '@docsort/client-config';
import { connectModelRegistry } from '@docsort/model-registry';
import { loadObjectStoreConfig } from '@docsort/object-store';
import { Command } from 'commander';
import { logLevel } from 'kafkajs';

/** Publishes a model directory to the object store and announces it on the models topic. */
export async function publishModelDirectory(dir: string): Promise<string> {
  const { registry, close } = await connectModelRegistry(
    loadClientConfig(process.env, logLevel.ERROR),
    loadObjectStoreConfig(),
    { announce: true },
  );
  try {
    const record = await registry.publish(resolve(dir));
    return `published ${record.modelName} ${record.version} to s3://${record.bucket}/${record.prefix} and announced it`;
  } finally {
    await close();
  }
}

export function modelsCommand(): Command {
  const models = new Command('models').description(
    'trained models in the object store (models/<name>/<version>/)',
  );
  models
    .command('publish <dir>')
    .description(
      'upload a model directory (as `docsort train` writes it) and announce it on models.published',
    )
    .action(async (dir: string) => {
      console.log(await publishModelDirectory(dir));
    });
  models
    .command('list')
    .description('the published versions of a model, oldest first')
    .option('--name <name>', 'model name', 'docsort-text-cnn')
    .action(async (options: { name: string }) => {
      const { registry } = await connectModelRegistry(
        loadClientConfig(process.env, logLevel.ERROR),
        loadObjectStoreConfig(),
        { announce: false },
      );
      const versions = await registry.versions(options.name);
      const latest = versions.length ? await registry.resolve(options.name, 'latest') : undefined;
      for (const m of versions) {
        const f1 = m.metrics.outOfTemplateMacroF1 ?? '–';
        console.log(
          `${m.version.padEnd(20)} ${m.createdAt}  out-of-template macro-F1 ${f1}${m.version === latest ? '  (latest)' : ''}`,
        );
      }
      if (!versions.length) console.log(`no versions of ${options.name} published yet`);
    });
  return models;
}
