import { resolve } from 'node:path';
import { loadClientConfig } from '@docsort/client-config';
import { connectModelRegistry, type ModelRegistry } from '@docsort/model-registry';
import { shadowDefaults } from '@docsort/model-training';
import { loadObjectStoreConfig } from '@docsort/object-store';
import { Command, Option } from 'commander';
import { logLevel } from 'kafkajs';
import { positiveInt, wholeNumber } from '../option-parsers.ts';
import { describeShadowPromotion, promoteIfNotWorse } from '../shadow-promotion.ts';

/** The shadow gate's options, the same for `models promote`, `models publish` and `train --publish`. */
export interface ShadowGateOptions {
  force: boolean;
  shadowDocuments: number;
  minDocuments: number;
  tolerance: number;
}

export function shadowGateOptions(): Option[] {
  return [
    new Option(
      '--force',
      'promote even when the candidate is worse than the live model on the shadow set',
    ).default(false),
    new Option('--shadow-documents <n>', 'the most recently reviewed documents to compare on')
      .default(shadowDefaults.documents)
      .argParser(positiveInt),
    new Option(
      '--min-documents <n>',
      'below this many reviewed documents a candidate that is not worse is promoted with a note that the evidence is thin',
    )
      .default(shadowDefaults.minDocuments)
      .argParser(wholeNumber),
    new Option(
      '--tolerance <n>',
      'documents the candidate may get wrong beyond what the live model gets wrong and still count as not worse',
    )
      .default(shadowDefaults.toleranceDocuments)
      .argParser(wholeNumber),
  ];
}

async function withAnnouncingRegistry(use: (registry: ModelRegistry) => Promise<void>): Promise<void> {
  const { registry, close } = await connectModelRegistry(
    loadClientConfig(process.env, logLevel.ERROR),
    loadObjectStoreConfig(),
    { announce: true },
  );
  try {
    await use(registry);
  } finally {
    await close();
  }
}

/**
 * Makes an uploaded version live if the shadow gate lets it (see promoteIfNotWorse); prints the comparison,
 * and sets exit code 1 when the gate refuses.
 */
async function promoteThroughGate(
  registry: ModelRegistry,
  name: string,
  version: string,
  gate: ShadowGateOptions,
): Promise<void> {
  const result = await promoteIfNotWorse({
    registry,
    name,
    version,
    force: gate.force,
    documents: gate.shadowDocuments,
    minDocuments: gate.minDocuments,
    toleranceDocuments: gate.tolerance,
  });
  for (const line of describeShadowPromotion(name, version, result)) console.log(line);
  if (result.outcome === 'refused') process.exitCode = 1;
}

/** Uploads a model directory, then makes it live if the shadow gate lets it. */
export function publishModelDirectory(dir: string, gate: ShadowGateOptions): Promise<void> {
  return withAnnouncingRegistry(async (registry) => {
    const { name, version } = await registry.upload(resolve(dir));
    console.log(`uploaded ${name} ${version} to s3://${registry.options.bucket}/models/${name}/${version}/`);
    await promoteThroughGate(registry, name, version, gate);
  });
}

export function modelsCommand(): Command {
  const models = new Command('models').description(
    'trained models in the object store (models/<name>/<version>/)',
  );
  const publish = models
    .command('publish <dir>')
    .description(
      'upload a model directory (as `docsort train` writes it) and, if the shadow gate lets it (see promote), make it live and announce it on models.published',
    );
  for (const option of shadowGateOptions()) publish.addOption(option);
  publish.action(async (dir: string, options: ShadowGateOptions) => publishModelDirectory(dir, options));

  const promote = models
    .command('promote <version>')
    .description(
      'make an uploaded version live (LATEST, announced on models.published) if it is not worse than the live model ' +
        'on the most recently reviewed documents — as many right, less the tolerance; exit code 1 and the comparison otherwise',
    )
    .option('--name <name>', 'model name', 'docsort-text-cnn');
  for (const option of shadowGateOptions()) promote.addOption(option);
  promote.action(async (version: string, options: ShadowGateOptions & { name: string }) =>
    withAnnouncingRegistry((registry) => promoteThroughGate(registry, options.name, version, options)),
  );

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
        const shadow =
          m.metrics.shadowAccuracy === undefined
            ? ''
            : `  shadow accuracy ${m.metrics.shadowAccuracy} (live ${m.metrics.shadowLiveAccuracy ?? '–'}, ${m.metrics.shadowDocuments} documents)`;
        console.log(
          `${m.version.padEnd(20)} ${m.createdAt}  out-of-template macro-F1 ${f1}${shadow}${m.version === latest ? '  (latest)' : ''}`,
        );
      }
      if (!versions.length) console.log(`no versions of ${options.name} published yet`);
    });
  return models;
}
