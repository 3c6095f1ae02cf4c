import { readFileSync } from 'node:fs';
import { addTrainingExamples } from '@docsort/model-training';
import { loadObjectStoreConfig, ObjectStore } from '@docsort/object-store';
import { labelNames, loadTaxonomy } from '@docsort/taxonomy';
import { Command } from 'commander';
import pc from 'picocolors';
import { taxonomyOption } from '../option-parsers.ts';
import { reachableStore } from '../reachable-store.ts';

export function examplesCommand(): Command {
  const examples = new Command('examples').description(
    'labelled example files for training, kept in the object store under training/<label>/',
  );
  examples
    .command('add <label> <files...>')
    .description(
      'store example files of a label (any supported format); the next `docsort train` learns from them',
    )
    .addOption(taxonomyOption())
    .action(async (label: string, files: string[], options: { taxonomy?: string }) => {
      const labels = labelNames(loadTaxonomy(options.taxonomy));
      if (!labels.includes(label)) {
        throw new Error(
          `"${label}" is not a label of the taxonomy; add it first with \`docsort labels add ${label} …\``,
        );
      }
      const store = await reachableStore(new ObjectStore(loadObjectStoreConfig()));
      const added = await addTrainingExamples(
        store,
        store.config.bucket,
        label,
        files.map((name) => ({ name, bytes: readFileSync(name) })),
      );
      for (const result of added) {
        if ('error' in result) console.log(pc.red(`refused  ${result.name}: ${result.error}`));
        else
          console.log(
            `added    ${result.name} (${result.format}, ${result.characters} characters) → ${result.key}`,
          );
      }
      const refused = added.filter((r) => 'error' in r).length;
      console.log(
        `${added.length - refused} example(s) of ${label} stored in s3://${store.config.bucket}/training/${label}/`,
      );
      if (refused) process.exitCode = 1;
    });
  examples
    .command('list')
    .description('count the stored examples per label')
    .addOption(taxonomyOption())
    .action(async (options: { taxonomy?: string }) => {
      const store = await reachableStore(new ObjectStore(loadObjectStoreConfig()));
      const keys = await store.listKeys(store.config.bucket, 'training/');
      const counts = Object.groupBy(keys, (key) => key.split('/')[1] ?? '');
      const labels = new Set(labelNames(loadTaxonomy(options.taxonomy)));
      for (const [label, list] of Object.entries(counts)) {
        console.log(
          `${label.padEnd(24)} ${list?.length ?? 0}${labels.has(label) ? '' : pc.yellow('  (not in the taxonomy: ignored by train)')}`,
        );
      }
      if (!keys.length) console.log('no examples stored yet: `docsort examples add <label> <files…>`');
    });
  return examples;
}
