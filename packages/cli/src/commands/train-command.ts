import { resolve } from 'node:path';
import { trainModel } from '@docsort/model-training';
import { loadTaxonomy } from '@docsort/taxonomy';
import { SingleBar } from 'cli-progress';
import { Command, Option } from 'commander';
import pc from 'picocolors';
import { positiveInt, taxonomyOption } from '../option-parsers.ts';

export function trainCommand(): Command {
  return new Command('train')
    .description(
      'train the text CNN on synthetic documents (and out-of-taxonomy prose), evaluate it, write the model',
    )
    .requiredOption(
      '-o, --out <dir>',
      'model directory to write (model.json, weights.bin, tokenizer, manifest, report)',
    )
    .addOption(new Option('--seed <n>', 'random seed').default(42).argParser(positiveInt))
    .addOption(
      new Option('--per-label <n>', 'synthetic in-template documents per label')
        .default(60)
        .argParser(positiveInt),
    )
    .addOption(
      new Option('--epochs <n>', 'most epochs (early stopping may end sooner)')
        .default(12)
        .argParser(positiveInt),
    )
    .option('--name <name>', 'model name', 'docsort-text-cnn')
    .option('--version <version>', 'model version (default: a timestamp)')
    .addOption(taxonomyOption())
    .action(
      async (options: {
        out: string;
        seed: number;
        perLabel: number;
        epochs: number;
        name: string;
        version?: string;
        taxonomy?: string;
      }) => {
        const bar = new SingleBar({
          format:
            'train [{bar}] epoch {value}/{total}  loss {loss}  val loss {valLoss}  val acc {valAccuracy}',
          hideCursor: true,
          noTTYOutput: true,
        });
        let started = false;
        const report = await trainModel({
          taxonomy: loadTaxonomy(options.taxonomy),
          out: resolve(options.out),
          name: options.name,
          version: options.version ?? new Date().toISOString().replace(/[-:]/g, '').slice(0, 15),
          seed: options.seed,
          perLabel: options.perLabel,
          epochs: options.epochs,
          reviewThreshold: 0.6,
          log: (message) => console.error(pc.dim(message)),
          onEpoch: (epoch, logs) => {
            if (!started) bar.start(options.epochs, 0, { loss: '-', valLoss: '-', valAccuracy: '-' });
            started = true;
            bar.update(epoch, {
              loss: logs.loss.toFixed(3),
              valLoss: logs.valLoss.toFixed(3),
              valAccuracy: logs.valAccuracy.toFixed(3),
            });
          },
        });
        bar.stop();
        console.log(
          `in-template macro-F1 ${report.inTemplate.macroF1}, out-of-template ${report.outOfTemplate.macroF1}, ` +
            `with misleading names ${report.outOfTemplateMisleadingNames.macroF1}, ECE ${report.inTemplate.ece}, ` +
            `open-set rejection ${report.openSetRejection}; trained in ${report.trainingSeconds}s. Report: ${resolve(options.out, 'report.md')}`,
        );
      },
    );
}
