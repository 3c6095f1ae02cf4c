import { selectBackend, tf } from './tensorflow-backend.ts';
import { toTensors } from './text-classifier.ts';
import {
  buildTextCnn,
  copyLayerWeights,
  ensembleTextCnn,
  foldPretrainedWords,
  memberCount,
  type TextCnnShape,
  withPretrainedWords,
} from './text-cnn.ts';
import { buildVocabulary, Tokenizer, type TokenizerConfig } from './tokenizer.ts';

export interface LabelledText {
  readonly text: string;
  readonly filename: string;
  readonly label: string;
}

/** One row of `dim` values per word, side by side. */
export interface PretrainedWordVectors {
  readonly words: readonly string[];
  readonly dim: number;
  readonly vectors: Float32Array;
}

export interface TrainingOptions {
  readonly train: readonly LabelledText[];
  readonly validation: readonly LabelledText[];
  readonly labels: readonly string[];
  readonly seed: number;
  readonly epochs: number;
  readonly batchSize?: number;
  readonly vocabularySize?: number;
  /**
   * Pretrained word vectors (e.g. distilled from a sentence encoder): their words become the vocabulary, and
   * the network learns a projection of each word's frozen vector beside its own embedding — so words that
   * real documents use and the training data does not still mean something. Ignored for a warm start, whose
   * folded embedding already holds them.
   */
  readonly pretrained?: PretrainedWordVectors;
  /**
   * Warm start: begin from this model's weights and vocabulary instead of from scratch. Labels it knows keep
   * their output weights; new labels start fresh. Retraining after adding a label then moves the old labels
   * little — and takes a few epochs, not a full training.
   */
  readonly initialFrom?: {
    readonly model: tf.LayersModel;
    readonly tokenizer: Tokenizer;
    readonly labels: readonly string[];
  };
  /**
   * With a warm start, train only the output layer on the model's features (off by default: measured, the
   * frozen features served labels added from 20 examples worse — F1 0.75–0.84 against ≥ 0.95 — and moved
   * the old labels more, as the output layer alone re-balanced).
   */
  readonly freezeFeatures?: boolean;
  /** Adam's learning rate: 0.003 from scratch; 0.001 for a warm start, which should move what it knew little. */
  readonly learningRate?: number;
  /** Stop when validation loss has not improved for 2 epochs (default); off: exactly `epochs` epochs. */
  readonly earlyStopping?: boolean;
  /**
   * Share of a training document's lines hidden from it, drawn afresh every epoch (seeded); 0.3 from scratch,
   * 0 for a warm start. A model that sees whole templates learns their boilerplate and is unsure of a layout
   * it has never seen; with lines missing it must weigh every cue a document carries — and as the model
   * reads only a document's first words, hidden lines also bring later ones into view. Over the epochs it
   * still sees every line.
   */
  readonly lineDropout?: number;
  /** Share of the target spread over all labels (label smoothing); 0.1 by default. */
  readonly labelSmoothing?: number;
  /**
   * Networks trained one after another on the same data — each from its own initial weights, in its own
   * order, with its own hidden lines — and served as one model averaging their logits (ensembleTextCnn);
   * 1 by default. Training takes that many times as long. A warm start keeps its base model's members.
   */
  readonly members?: number;
  /** After each epoch; `epoch` counts on over the members (member 2's first epoch is `epochs` + 1). */
  readonly onEpoch?: (epoch: number, logs: { loss: number; valLoss: number; valAccuracy: number }) => void;
  readonly log?: (message: string) => void;
}

export interface TrainedTextCnn {
  readonly model: tf.LayersModel;
  readonly tokenizer: Tokenizer;
  readonly backend: string;
  /** Epochs trained (by each member: the most of any). */
  readonly epochs: number;
  /** Networks averaged in the model (TrainingOptions.members; a warm start's are its base model's). */
  readonly members: number;
  /** The share of lines hidden per epoch (see `TrainingOptions.lineDropout`). */
  readonly lineDropout: number;
}

/** The next state of a small seeded generator (32-bit integer mixing): training's order and line dropout. */
function nextRandomState(state: number): number {
  const s = Math.imul(state ^ (state >>> 15), 2_246_822_507) >>> 0;
  return Math.imul(s ^ (s >>> 13), 3_266_489_909) >>> 0;
}

/** Seeded Fisher-Yates, so that training sees the same order for the same seed. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    s = nextRandomState(s);
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** See `TrainingOptions.lineDropout`. */
const defaultLineDropout = 0.3;

/** The document with a seeded share of its lines hidden (at least three kept): see `lineDropout`. */
export function withLinesDropped<T extends LabelledText>(example: T, share: number, seed: number): T {
  const lines = example.text.split('\n');
  if (share <= 0 || lines.length <= 3) return example;
  let s = seed >>> 0 || 1;
  const kept = lines.filter(() => {
    s = nextRandomState(s);
    return s / 2 ** 32 >= share;
  });
  return kept.length >= 3 ? { ...example, text: kept.join('\n') } : example;
}

/** Trains the text CNN: vocabulary from the training texts, class weights, early stopping on validation loss. */
export async function trainTextCnn(options: TrainingOptions): Promise<TrainedTextCnn> {
  const backend = await selectBackend(options.log);
  // A warm start keeps its vocabulary, so every embedding row means the same word as before.
  const pretrained = options.initialFrom ? undefined : options.pretrained;
  const config: TokenizerConfig = options.initialFrom?.tokenizer.config ?? {
    vocabulary: pretrained
      ? [...pretrained.words]
      : buildVocabulary(
          options.train.map((e) => e.text),
          options.vocabularySize ?? 20_000,
        ),
    wordHashBuckets: 5_000,
    charGramBuckets: 20_000,
    maxWords: 256,
    maxCharGrams: 512,
    maxFilenameGrams: 24,
  };
  const tokenizer = new Tokenizer(config);
  const labelIndex = new Map(options.labels.map((label, i) => [label, i]));
  const encode = (examples: readonly LabelledText[]) => {
    const inputs = toTensors(
      examples.map((e) => tokenizer.encode(e.text, e.filename)),
      tokenizer,
    );
    // Smoothed targets (1 − ε on the true label, ε spread over all): a model trained to be certain is
    // overconfident on layouts it has never seen; smoothing keeps its confidence honest (ECE).
    const k = options.labels.length;
    const smoothing = options.labelSmoothing ?? 0.1;
    const y = tf.buffer([examples.length, k], 'float32');
    examples.forEach((e, row) => {
      if (!labelIndex.has(e.label)) throw new Error(`example labelled "${e.label}", which is not a label`);
      for (let column = 0; column < k; column++) y.set(smoothing / k, row, column);
      y.set(1 - smoothing + smoothing / k, row, labelIndex.get(e.label) ?? 0);
    });
    return { inputs, y: y.toTensor() };
  };
  const lineDropout = options.lineDropout ?? (options.initialFrom ? 0 : defaultLineDropout);
  const validation = encode(options.validation);
  // Classes with fewer examples weigh more, so that a label added from 20 examples is not drowned out.
  const counts = options.labels.map((label) => options.train.filter((e) => e.label === label).length);
  const classWeight = Object.fromEntries(
    counts.map((count, i) => [i, count ? options.train.length / (options.labels.length * count) : 1]),
  );
  const shape: TextCnnShape = {
    wordInputDim: tokenizer.wordInputDim,
    charGramInputDim: tokenizer.charGramInputDim,
    maxWords: config.maxWords,
    maxCharGrams: config.maxCharGrams,
    maxFilenameGrams: config.maxFilenameGrams,
    labels: options.labels.length,
    seed: options.seed,
    ...(pretrained ? { pretrainedDim: pretrained.dim } : {}),
  };
  const members = options.initialFrom ? 1 : Math.max(1, options.members ?? 1);
  const trainedMembers: tf.LayersModel[] = [];
  let epochs = 0;
  try {
    for (let member = 0; member < members; member++) {
      // Member seeds a thousand apart: their epochs' orders and hidden lines (seed + epoch) never coincide.
      const seed = options.seed + 1000 * member;
      const trained = await trainNetwork({
        ...options,
        seed,
        shape: {
          ...shape,
          seed,
          ...(options.initialFrom ? { members: memberCount(options.initialFrom.model) } : {}),
        },
        encode,
        encodedValidation: validation,
        classWeight,
        lineDropout,
        ...(pretrained ? { pretrained } : {}),
        epochOffset: member * options.epochs,
      });
      trainedMembers.push(trained.model);
      epochs = Math.max(epochs, trained.epochs);
    }
  } finally {
    tf.dispose([...validation.inputs, validation.y]);
  }
  const [first] = trainedMembers;
  let model = first as tf.LayersModel;
  if (trainedMembers.length > 1) {
    model = ensembleTextCnn(trainedMembers, shape);
    for (const member of trainedMembers) member.dispose();
  }
  return { model, tokenizer, backend, epochs, members: memberCount(model), lineDropout };
}

type Encoded = { inputs: tf.Tensor[]; y: tf.Tensor };

/** Builds and trains one network (with pretrained vectors: folded into its word embedding at the end). */
async function trainNetwork(
  options: TrainingOptions & {
    readonly shape: TextCnnShape;
    readonly encode: (examples: readonly LabelledText[]) => Encoded;
    readonly encodedValidation: Encoded;
    readonly classWeight: Record<number, number>;
    readonly lineDropout: number;
    readonly epochOffset: number;
  },
): Promise<{ model: tf.LayersModel; epochs: number }> {
  const { shape, encode, encodedValidation: validation, classWeight, lineDropout, pretrained } = options;
  const trainingEpoch = (epoch: number) =>
    encode(
      shuffled(options.train, options.seed + epoch).map((e, i) =>
        withLinesDropped(e, lineDropout, (options.seed + epoch) * 100_003 + i),
      ),
    );
  const model = buildTextCnn(shape);
  // Rows by word id: 0 pads and 1 is unused (zeros), then the vocabulary, then hash buckets (zeros: an
  // unknown word has only its learnt embedding).
  if (pretrained) {
    const table = new Float32Array(shape.wordInputDim * pretrained.dim);
    table.set(pretrained.vectors, 2 * pretrained.dim);
    withPretrainedWords(model, table);
  }
  if (options.initialFrom) {
    copyWeights(options.initialFrom, model, options.labels);
    if (options.freezeFeatures) {
      for (const layer of model.layers) if (layer.name !== 'label') layer.trainable = false;
    }
  }
  model.compile({
    optimizer: tf.train.adam(options.learningRate ?? (options.initialFrom ? 0.001 : 0.003)),
    loss: 'categoricalCrossentropy',
    metrics: ['accuracy'],
  });
  // One fit per epoch, so that every epoch can hide different lines; early stopping by hand for that reason.
  let epochs = 0;
  let bestValLoss = Number.POSITIVE_INFINITY;
  let sinceBest = 0;
  let train = trainingEpoch(0);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    if (epoch > 0 && lineDropout > 0) {
      tf.dispose([...train.inputs, train.y]);
      train = trainingEpoch(epoch);
    }
    const history = await model.fit(train.inputs, train.y, {
      epochs: epoch + 1,
      initialEpoch: epoch,
      batchSize: options.batchSize ?? 32,
      shuffle: false,
      classWeight,
      validationData: [validation.inputs, validation.y],
      verbose: 0,
    });
    const last = (name: string) =>
      Number((history.history[name] as number[] | undefined)?.at(-1) ?? Number.NaN);
    const valLoss = last('val_loss');
    epochs = epoch + 1;
    options.onEpoch?.(options.epochOffset + epochs, {
      loss: last('loss'),
      valLoss,
      valAccuracy: Number.isNaN(last('val_acc')) ? last('val_accuracy') : last('val_acc'),
    });
    // Stop when validation loss has not improved for 2 epochs (as tf.callbacks.earlyStopping does).
    if (valLoss < bestValLoss) {
      bestValLoss = valLoss;
      sinceBest = 0;
    } else if (options.earlyStopping !== false && ++sinceBest >= 2) break;
  }
  tf.dispose([...train.inputs, train.y]);
  if (!pretrained) return { model, epochs };
  const folded = foldPretrainedWords(model, shape);
  model.dispose();
  return { model: folded, epochs };
}

/** Copies every layer's weights from `from`; the output layer's column by label, so new labels stay fresh. */
function copyWeights(
  from: { readonly model: tf.LayersModel; readonly labels: readonly string[] },
  to: tf.LayersModel,
  labels: readonly string[],
): void {
  for (const layer of to.layers) {
    const source = from.model.layers.find((l) => l.name === layer.name);
    const weights = source?.getWeights() ?? [];
    if (!source || !weights.length) continue;
    if (layer.name !== 'label') {
      // Reshaped: the base model may be a serving network (convolutions where training has dense layers).
      copyLayerWeights(source, layer);
      continue;
    }
    const [kernel, bias] = layer.getWeights() as [tf.Tensor2D, tf.Tensor1D];
    const [oldKernel, oldBias] = weights as [tf.Tensor2D, tf.Tensor1D];
    const kernelValues = kernel.arraySync();
    const biasValues = bias.arraySync();
    const oldKernelValues = oldKernel.arraySync();
    const oldBiasValues = oldBias.arraySync();
    labels.forEach((label, column) => {
      const old = from.labels.indexOf(label);
      if (old < 0) return;
      for (const [row, values] of kernelValues.entries()) values[column] = oldKernelValues[row]?.[old] ?? 0;
      biasValues[column] = oldBiasValues[old] ?? 0;
    });
    layer.setWeights([tf.tensor2d(kernelValues), tf.tensor1d(biasValues)]);
  }
}
