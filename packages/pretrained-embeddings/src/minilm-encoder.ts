import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { SafetensorsReader } from './safetensors.ts';

/** all-MiniLM-L6-v2's shape (its config.json): a 6-layer BERT, 384 wide, 12 heads, GELU, LayerNorm ε 1e-12. */
const layers = 6;
const heads = 12;
const layerNormEpsilon = 1e-12;

interface Dense {
  readonly kernel: tf.Tensor2D;
  readonly bias: tf.Tensor1D;
}
interface LayerNorm {
  readonly gamma: tf.Tensor1D;
  readonly beta: tf.Tensor1D;
}
interface EncoderLayer {
  readonly query: Dense;
  readonly key: Dense;
  readonly value: Dense;
  readonly attentionOut: Dense;
  readonly attentionNorm: LayerNorm;
  readonly intermediate: Dense;
  readonly output: Dense;
  readonly outputNorm: LayerNorm;
}

/**
 * The pretrained sentence encoder run in TF.js from its safetensors weights: token ids in, the mean of the
 * last layer's token states out (the sentence-transformers pooling of all-MiniLM-L6-v2). docsort uses it at
 * training time only, to give every vocabulary word the vector the encoder gives it; the text CNN keeps the
 * result, so classifying never runs the encoder.
 */
export class MiniLmEncoder {
  private constructor(
    private readonly wordEmbeddings: tf.Tensor2D,
    private readonly positionEmbeddings: tf.Tensor2D,
    private readonly tokenTypeEmbedding: tf.Tensor1D,
    private readonly embeddingNorm: LayerNorm,
    private readonly encoderLayers: readonly EncoderLayer[],
  ) {}

  /** From a folder holding model.safetensors (ensurePretrainedEncoder). */
  static load(dir: string): MiniLmEncoder {
    const weights = SafetensorsReader.open(join(dir, 'model.safetensors'));
    const tensor = (name: string) => {
      const { shape, values } = weights.tensor(name);
      return tf.tensor(values, [...shape]);
    };
    // PyTorch keeps a linear layer's weight as [out, in]; a matmul wants [in, out].
    const dense = (prefix: string): Dense => ({
      kernel: tf.tidy(() => (tensor(`${prefix}.weight`) as tf.Tensor2D).transpose()),
      bias: tensor(`${prefix}.bias`) as tf.Tensor1D,
    });
    const norm = (prefix: string): LayerNorm => ({
      gamma: tensor(`${prefix}.weight`) as tf.Tensor1D,
      beta: tensor(`${prefix}.bias`) as tf.Tensor1D,
    });
    try {
      return new MiniLmEncoder(
        tensor('embeddings.word_embeddings.weight') as tf.Tensor2D,
        tensor('embeddings.position_embeddings.weight') as tf.Tensor2D,
        // Every token is of type 0 (one sentence): its row is a constant added to each position.
        tf.tidy(() => (tensor('embeddings.token_type_embeddings.weight') as tf.Tensor2D).gather(0).as1D()),
        norm('embeddings.LayerNorm'),
        Array.from({ length: layers }, (_, i) => {
          const p = `encoder.layer.${i}`;
          return {
            query: dense(`${p}.attention.self.query`),
            key: dense(`${p}.attention.self.key`),
            value: dense(`${p}.attention.self.value`),
            attentionOut: dense(`${p}.attention.output.dense`),
            attentionNorm: norm(`${p}.attention.output.LayerNorm`),
            intermediate: dense(`${p}.intermediate.dense`),
            output: dense(`${p}.output.dense`),
            outputNorm: norm(`${p}.output.LayerNorm`),
          };
        }),
      );
    } finally {
      weights.close();
    }
  }

  /** The width of its vectors (384 for all-MiniLM-L6-v2). */
  get width(): number {
    return this.wordEmbeddings.shape[1];
  }

  /**
   * Mean-pooled sentence vectors for sequences of token ids that all have the same length (special tokens
   * included), one row of `width` values each, side by side. Equal lengths need no attention mask.
   */
  meanPooled(sequences: readonly (readonly number[])[]): Float32Array {
    if (!sequences.length) return new Float32Array(0);
    const length = sequences[0]?.length ?? 0;
    if (sequences.some((s) => s.length !== length))
      throw new Error('meanPooled: sequences of unequal length');
    return tf.tidy(() => {
      const ids = tf.tensor2d(
        sequences.map((s) => [...s]),
        [sequences.length, length],
        'int32',
      );
      let x = layerNorm(
        this.wordEmbeddings
          .gather(ids)
          .add(this.positionEmbeddings.slice([0, 0], [length, -1]))
          .add(this.tokenTypeEmbedding),
        this.embeddingNorm,
      ) as tf.Tensor3D;
      for (const layer of this.encoderLayers) x = encoderLayer(x, layer);
      return x.mean(1).dataSync() as Float32Array;
    });
  }

  dispose(): void {
    tf.dispose([
      this.wordEmbeddings,
      this.positionEmbeddings,
      this.tokenTypeEmbedding,
      this.embeddingNorm.gamma,
      this.embeddingNorm.beta,
      ...this.encoderLayers.flatMap((layer) =>
        Object.values(layer).flatMap((part: Dense | LayerNorm) => Object.values(part) as tf.Tensor[]),
      ),
    ]);
  }
}

function linear(x: tf.Tensor3D, { kernel, bias }: Dense): tf.Tensor3D {
  const [batch, length, width] = x.shape;
  return x
    .reshape([batch * length, width])
    .matMul(kernel)
    .add(bias)
    .reshape([batch, length, kernel.shape[1]]);
}

function layerNorm(x: tf.Tensor, { gamma, beta }: LayerNorm): tf.Tensor {
  const { mean, variance } = tf.moments(x, -1, true);
  return x.sub(mean).div(variance.add(layerNormEpsilon).sqrt()).mul(gamma).add(beta);
}

/** BERT's GELU: x · Φ(x), with the normal CDF through erf. */
function gelu(x: tf.Tensor): tf.Tensor {
  return x.mul(tf.erf(x.div(Math.SQRT2)).add(1)).mul(0.5);
}

function encoderLayer(x: tf.Tensor3D, layer: EncoderLayer): tf.Tensor3D {
  const [batch, length, width] = x.shape;
  const headWidth = width / heads;
  // (batch, length, width) → (batch, heads, length, headWidth)
  const split = (t: tf.Tensor3D) => t.reshape([batch, length, heads, headWidth]).transpose([0, 2, 1, 3]);
  const q = split(linear(x, layer.query));
  const k = split(linear(x, layer.key));
  const v = split(linear(x, layer.value));
  const scores = tf.matMul(q, k, false, true).div(Math.sqrt(headWidth)).softmax();
  const context = tf.matMul(scores, v).transpose([0, 2, 1, 3]).reshape([batch, length, width]) as tf.Tensor3D;
  const attended = layerNorm(linear(context, layer.attentionOut).add(x), layer.attentionNorm) as tf.Tensor3D;
  const hidden = gelu(linear(attended, layer.intermediate)) as tf.Tensor3D;
  return layerNorm(linear(hidden, layer.output).add(attended), layer.outputNorm) as tf.Tensor3D;
}
