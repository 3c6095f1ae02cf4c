import { tf } from './tensorflow-backend.ts';

/**
 * Consecutive windows of `width` embeddings side by side: (batch, length, dim) → (batch, length-width+1,
 * dim·width). A dense layer over it is exactly a 1-D convolution of that width — built from slices and a
 * matmul, whose gradients every TF.js backend has (the wasm backend cannot train Conv1D).
 */
export class ShiftedWindows extends tf.layers.Layer {
  static className = 'ShiftedWindows';
  readonly width: number;

  constructor(config: { width: number; name?: string }) {
    super(config);
    this.width = config.width;
  }

  override computeOutputShape(shape: tf.Shape | tf.Shape[]): tf.Shape {
    const [batch, length, dim] = shape as [number | null, number, number];
    return [batch, length - this.width + 1, dim * this.width];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor3D;
      const length = x.shape[1] - this.width + 1;
      return tf.concat(
        Array.from({ length: this.width }, (_, i) => x.slice([0, i, 0], [-1, length, -1])),
        2,
      );
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), width: this.width };
  }
}
tf.serialization.registerClass(ShiftedWindows);

/**
 * Dropout whose mask changes every training step. TF.js's own dropout with a `seed` draws the same mask on
 * every call (each call re-seeds its generator), so it freezes one arbitrary set of units off for the whole
 * training — units whose outgoing weights are then never trained yet count at inference. Seeding with
 * seed + step keeps training reproducible and the masks fresh. `noiseShape` as in Keras: `[null, null, 1]`
 * on a (batch, tokens, dim) input drops whole tokens (word dropout).
 */
export class FreshMaskDropout extends tf.layers.Layer {
  static className = 'FreshMaskDropout';
  readonly rate: number;
  readonly seed: number;
  readonly noiseShape: ReadonlyArray<number | null> | undefined;
  #step = 0;

  constructor(config: { rate: number; seed: number; noiseShape?: Array<number | null>; name?: string }) {
    super(config);
    this.rate = config.rate;
    this.seed = config.seed;
    this.noiseShape = config.noiseShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
    const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor;
    if (kwargs.training !== true || this.rate <= 0) return x;
    const noiseShape = this.noiseShape?.map((size, axis) => size ?? (x.shape[axis] as number));
    return tf.tidy(() => tf.dropout(x, this.rate, noiseShape, this.seed + this.#step++));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      rate: this.rate,
      seed: this.seed,
      ...(this.noiseShape ? { noiseShape: [...this.noiseShape] } : {}),
    };
  }
}
tf.serialization.registerClass(FreshMaskDropout);

/**
 * Token dropout on a (batch, tokens, dim) embedding: a whole token is hidden now and then (10 %), so no single
 * template phrase can carry a label — what lets the model generalise to layouts it has not seen.
 */
function tokenDropout(embedded: tf.SymbolicTensor, seed: number, name: string): tf.SymbolicTensor {
  return new FreshMaskDropout({ rate: 0.1, seed, noiseShape: [null, null, 1], name }).apply(
    embedded,
  ) as tf.SymbolicTensor;
}

export interface TextCnnShape {
  readonly wordInputDim: number;
  readonly charGramInputDim: number;
  readonly maxWords: number;
  readonly maxCharGrams: number;
  readonly maxFilenameGrams: number;
  readonly labels: number;
  readonly seed: number;
  /**
   * Width of pretrained word vectors (one row per word id, set after building: see withPretrainedWords). The
   * training network then reads each word as its own learnt embedding plus a learnt projection of the frozen
   * pretrained vector; foldPretrainedWords turns that back into one embedding, so the saved and served model
   * never carries the pretrained table.
   */
  readonly pretrainedDim?: number;
  /** Feature networks side by side under one output layer: an ensemble in one model (1 by default). */
  readonly members?: number;
}

/**
 * The same network for inference: each windows + dense pair of the trained model becomes the 1-D convolution
 * it is equal to (the dense kernel [width·dim, filters] reshaped to [width, dim, filters]), which the wasm
 * backend runs without materialising the windows — the convolutions took half the time (bench:classify).
 */
export function servingTextCnn(trained: tf.LayersModel): tf.LayersModel {
  const inputLength = (name: string) => trained.getLayer(name).batchInputShape?.[1] as number;
  const inputDim = (name: string) => trained.getLayer(name).getConfig().inputDim as number;
  const serving = buildTextCnn(
    {
      wordInputDim: inputDim('word_embedding'),
      charGramInputDim: inputDim('char_gram_embedding'),
      maxWords: inputLength('words'),
      maxCharGrams: inputLength('char_grams'),
      maxFilenameGrams: inputLength('filename_grams'),
      labels: trained.getLayer('label').getConfig().units as number,
      seed: 0,
      members: memberCount(trained),
    },
    'serving',
  );
  try {
    for (const layer of serving.layers) copyLayerWeights(trained.getLayer(layer.name), layer);
  } catch (error) {
    serving.dispose();
    throw error;
  }
  return serving;
}

/** A word's learnt embedding plus a learnt projection of its frozen pretrained vector. */
function pretrainedWordBranch(
  words: tf.SymbolicTensor,
  learnt: tf.SymbolicTensor,
  wordInputDim: number,
  pretrainedDim: number,
  kernelInitializer: ReturnType<typeof tf.initializers.glorotUniform>,
): tf.SymbolicTensor {
  const frozen = tf.layers
    .embedding({
      inputDim: wordInputDim,
      outputDim: pretrainedDim,
      trainable: false,
      embeddingsInitializer: 'zeros',
      name: 'pretrained_word_vectors',
    })
    .apply(words) as tf.SymbolicTensor;
  const projected = tf.layers
    .dense({ units: 48, useBias: false, kernelInitializer, name: 'pretrained_projection' })
    .apply(frozen) as tf.SymbolicTensor;
  return tf.layers.add({ name: 'word_vectors' }).apply([learnt, projected]) as tf.SymbolicTensor;
}

/** Puts the frozen pretrained vectors (one row of `pretrainedDim` values per word id) into a training network. */
export function withPretrainedWords(model: tf.LayersModel, vectors: Float32Array): tf.LayersModel {
  const layer = model.getLayer('pretrained_word_vectors');
  const [rows, dim] = (layer.weights[0]?.shape ?? [0, 0]) as [number, number];
  if (vectors.length !== rows * dim) {
    throw new Error(`pretrained vectors: ${vectors.length} values for ${rows} words of ${dim}`);
  }
  tf.tidy(() => layer.setWeights([tf.tensor2d(vectors, [rows, dim])]));
  return model;
}

/**
 * A training network with pretrained word vectors as the plain one it is equal to: each word's embedding
 * becomes its learnt embedding plus the projection of its pretrained vector (E + V·P), the rest is copied.
 * The result has the default architecture, so saving, serving and warm starts know nothing of the vectors.
 */
export function foldPretrainedWords(trained: tf.LayersModel, shape: TextCnnShape): tf.LayersModel {
  const { pretrainedDim: _, ...plainShape } = shape;
  const plain = buildTextCnn(plainShape);
  try {
    for (const layer of plain.layers) {
      if (layer.name === 'word_embedding') continue;
      copyLayerWeights(trained.getLayer(layer.name), layer);
    }
    tf.tidy(() => {
      const [learnt] = trained.getLayer('word_embedding').getWeights() as [tf.Tensor2D];
      const [pretrained] = trained.getLayer('pretrained_word_vectors').getWeights() as [tf.Tensor2D];
      const [projection] = trained.getLayer('pretrained_projection').getWeights() as [tf.Tensor2D];
      plain.getLayer('word_embedding').setWeights([learnt.add(pretrained.matMul(projection))]);
    });
  } catch (error) {
    plain.dispose();
    throw error;
  }
  return plain;
}

/**
 * One network from separately trained one-member networks of the same shape: each member's feature layers
 * copied under its own names, and an output layer whose logits are the mean of the members' logits (their
 * kernels stacked and their biases averaged, each divided by the number of members) — the geometric mean
 * of their probabilities. Members trained apart from different initial weights, orders and hidden lines err
 * on different documents; measured on real files, their mean got more of them right than any one member.
 */
export function ensembleTextCnn(members: readonly tf.LayersModel[], shape: TextCnnShape): tf.LayersModel {
  if (members.length < 2 || members.some((member) => memberCount(member) !== 1)) {
    throw new Error('an ensemble is made of two or more one-member text CNNs');
  }
  const { pretrainedDim: _, ...plainShape } = shape;
  const ensemble = buildTextCnn({ ...plainShape, members: members.length });
  try {
    members.forEach((member, m) => {
      for (const layer of member.layers) {
        if (layer.name === 'label' || !layer.weights.length) continue;
        copyLayerWeights(layer, ensemble.getLayer(memberLayerName(layer.name, m)));
      }
    });
    tf.tidy(() => {
      const heads = members.map(
        (member) => member.getLayer('label').getWeights() as [tf.Tensor2D, tf.Tensor1D],
      );
      const share = 1 / members.length;
      ensemble.getLayer('label').setWeights([
        tf
          .concat(
            heads.map(([kernel]) => kernel),
            0,
          )
          .mul(share),
        tf.addN(heads.map(([, bias]) => bias)).mul(share),
      ]);
    });
  } catch (error) {
    ensemble.dispose();
    throw error;
  }
  return ensemble;
}

/**
 * Sets `target`'s weights to `source`'s, each reshaped to the target's shape: a convolution of the serving
 * network and the dense layer it replaces hold the same values, so weights go either way.
 */
export function copyLayerWeights(source: tf.layers.Layer, target: tf.layers.Layer): void {
  tf.tidy(() => {
    target.setWeights(
      source.getWeights().map((weight, i) => weight.reshape(target.weights[i]?.shape as number[])),
    );
  });
}

/** Layer names of an ensemble's member: the first member's are the plain network's (a one-member model is it). */
export function memberLayerName(name: string, member: number): string {
  return member === 0 ? name : `m${member}_${name}`;
}

/** How many members a text CNN has: one word embedding each. */
export function memberCount(model: tf.LayersModel): number {
  return model.layers.filter((layer) => /^(m\d+_)?word_embedding$/.test(layer.name)).length;
}

/**
 * Words → embedding → parallel convolutions of widths 3, 4, 5 → global max-pool; hashed character trigrams
 * → embedding → average (typo-robust); and a deliberately small filename branch, dropped out hard in
 * training, fused late — so a lying filename can nudge a close call but never outvote the content.
 *
 * With `members` > 1, that many such feature networks side by side over the same inputs, their features
 * concatenated under one output layer: its logits are the sum of each member's logits (see
 * ensembleTextCnn, which fills one from separately trained members, each weighted 1/members).
 */
export function buildTextCnn(
  shape: TextCnnShape,
  variant: 'training' | 'serving' = 'training',
): tf.LayersModel {
  const members = shape.members ?? 1;
  if (members > 1 && shape.pretrainedDim) {
    throw new Error('pretrained word vectors are folded into each member before members are combined');
  }
  const words = tf.input({ shape: [shape.maxWords], dtype: 'int32', name: 'words' });
  const charGrams = tf.input({ shape: [shape.maxCharGrams], dtype: 'int32', name: 'char_grams' });
  const filename = tf.input({ shape: [shape.maxFilenameGrams], dtype: 'int32', name: 'filename_grams' });
  const features = Array.from({ length: members }, (_, member) =>
    memberFeatures({ words, charGrams, filename }, shape, variant, member),
  );
  const merged =
    members > 1
      ? (tf.layers.concatenate({ name: 'members' }).apply(features) as tf.SymbolicTensor)
      : (features[0] as tf.SymbolicTensor);
  const seed = shape.seed;
  const dropped = new FreshMaskDropout({ rate: 0.4, seed: seed + 19, name: 'dropout' }).apply(merged);
  const output = tf.layers
    .dense({
      units: shape.labels,
      activation: 'softmax',
      kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 23 }),
      name: 'label',
    })
    .apply(dropped) as tf.SymbolicTensor;
  return tf.model({ inputs: [words, charGrams, filename], outputs: output, name: 'docsort_text_cnn' });
}

/** One member's features: word convolutions, character trigrams and the filename, concatenated. */
function memberFeatures(
  inputs: { words: tf.SymbolicTensor; charGrams: tf.SymbolicTensor; filename: tf.SymbolicTensor },
  shape: TextCnnShape,
  variant: 'training' | 'serving',
  member: number,
): tf.SymbolicTensor {
  const name = (layer: string) => memberLayerName(layer, member);
  const seed = shape.seed + 1000 * member;
  const init = (offset: number) => tf.initializers.glorotUniform({ seed: seed + offset });
  const wordEmbedding = tf.layers
    .embedding({
      inputDim: shape.wordInputDim,
      outputDim: 48,
      embeddingsInitializer: tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed }),
      name: name('word_embedding'),
    })
    .apply(inputs.words) as tf.SymbolicTensor;
  const wordVectors = shape.pretrainedDim
    ? pretrainedWordBranch(inputs.words, wordEmbedding, shape.wordInputDim, shape.pretrainedDim, init(29))
    : wordEmbedding;
  const wordsSeen = tokenDropout(wordVectors, seed + 3, name('word_dropout'));
  const convolutions = [3, 4, 5].map((width) => {
    const conv =
      variant === 'serving'
        ? tf.layers
            .conv1d({ filters: 64, kernelSize: width, activation: 'relu', name: name(`conv_${width}`) })
            .apply(wordsSeen)
        : tf.layers
            .dense({
              units: 64,
              activation: 'relu',
              kernelInitializer: init(width),
              name: name(`conv_${width}`),
            })
            .apply(new ShiftedWindows({ width, name: name(`windows_${width}`) }).apply(wordsSeen));
    return tf.layers.globalMaxPooling1d({ name: name(`max_pool_${width}`) }).apply(conv) as tf.SymbolicTensor;
  });

  const gramEmbedding = tf.layers
    .embedding({
      inputDim: shape.charGramInputDim,
      outputDim: 32,
      embeddingsInitializer: tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: seed + 7 }),
      name: name('char_gram_embedding'),
    })
    .apply(inputs.charGrams) as tf.SymbolicTensor;
  const gramsSeen = tokenDropout(gramEmbedding, seed + 9, name('char_gram_dropout'));
  const grams = tf.layers
    .globalAveragePooling1d({ name: name('char_gram_mean') })
    .apply(gramsSeen) as tf.SymbolicTensor;

  const nameEmbedding = tf.layers
    .embedding({
      inputDim: shape.charGramInputDim,
      outputDim: 8,
      embeddingsInitializer: tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: seed + 11 }),
      name: name('filename_embedding'),
    })
    .apply(inputs.filename);
  const namePooled = tf.layers.globalAveragePooling1d({ name: name('filename_mean') }).apply(nameEmbedding);
  const nameFeatures = new FreshMaskDropout({
    rate: 0.6,
    seed: seed + 13,
    name: name('filename_dropout'),
  }).apply(
    tf.layers
      .dense({ units: 4, activation: 'tanh', kernelInitializer: init(17), name: name('filename_dense') })
      .apply(namePooled),
  ) as tf.SymbolicTensor;

  return tf.layers
    .concatenate({ name: name('fusion') })
    .apply([...convolutions, grams, nameFeatures]) as tf.SymbolicTensor;
}
