import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type DocumentWindows, documentProbabilities } from './combine-windows.ts';
import { labelEvidence } from './label-evidence.ts';
import { loadLayersModel } from './model-files.ts';
import { type BackendName, selectBackend, tf } from './tensorflow-backend.ts';
import { servingTextCnn } from './text-cnn.ts';
import { type EncodedDocument, Tokenizer, type TokenizerConfig } from './tokenizer.ts';

export interface ModelManifest {
  readonly name: string;
  readonly version: string;
  readonly labels: readonly string[];
  readonly createdAt: string;
  readonly dataHash: string;
  readonly backend: string;
  readonly metrics: Record<string, unknown>;
  /** Share of each label in training: the baseline that drift is measured against. */
  readonly trainingDistribution: Record<string, number>;
  /** Mean confidence on the held-out test sets at training: the baseline of classify's confidence drift. */
  readonly referenceConfidence?: number;
  /** Temperature fitted on held-out layouts (see temperature-scaling.ts); 1 when absent. */
  readonly temperature?: number;
  /**
   * Windows of the tokenizer's maxWords words read of a long document (its start, and windows spread over the
   * rest), their probabilities averaged; 1 (the start only) when absent.
   */
  readonly windows?: number;
  /**
   * Below this label evidence (see label-evidence.ts) a document is unfamiliar and goes to review whatever its
   * confidence; fitted at training on held-out layouts; no such check when absent.
   */
  readonly evidenceFloor?: number;
}

export interface LabelScore {
  readonly label: string;
  readonly score: number;
}

export interface Classification {
  readonly label: string;
  readonly confidence: number;
  readonly topK: readonly LabelScore[];
  /** The document's label evidence (see label-evidence.ts); absent for models without a `label` layer. */
  readonly evidence?: number;
  /** Labelled in the taxonomy, but with evidence below the model's floor: to review, however confident. */
  readonly unfamiliar?: boolean;
}

export interface DocumentInput {
  readonly text: string;
  readonly filename: string;
}

/**
 * Windows a newly trained model reads of a long document. Measured on the real-dev set (81 real documents,
 * `docsort eval`, one model, windows averaged plainly): 1 → macro-F1 0.602, ECE 0.17, out-of-taxonomy
 * rejection 0.87; 2 → 0.599; 4 → 0.630, ECE 0.12, rejection 0.96; 6 → 0.616; 8 → 0.624.
 */
export const defaultWindows = 4;

/** The label of what is no document of the taxonomy (the taxonomy package's otherLabel). */
const otherLabel = 'other';

/** Stacks encoded documents into the model's three inputs. */
export function toTensors(encoded: readonly EncodedDocument[], tokenizer: Tokenizer): tf.Tensor[] {
  const { maxWords, maxCharGrams, maxFilenameGrams } = tokenizer.config;
  const stack = (pick: (e: EncodedDocument) => Int32Array, width: number) => {
    const flat = new Int32Array(encoded.length * width);
    encoded.forEach((e, i) => {
      flat.set(pick(e), i * width);
    });
    return tf.tensor2d(flat, [encoded.length, width], 'int32');
  };
  return [
    stack((e) => e.words, maxWords),
    stack((e) => e.charGrams, maxCharGrams),
    stack((e) => e.filenameGrams, maxFilenameGrams),
  ];
}

/** What serves classifications: one TextClassifier in this thread, or a ClassifierPool of threads. */
export interface ServingModel {
  readonly manifest: ModelManifest;
  /** The TF.js backend it computes on (tensorflow, wasm or cpu). */
  readonly backend: string;
  classify(documents: readonly DocumentInput[], topK?: number): Promise<Classification[]>;
  /** Frees the model's memory (tensors, threads); it must not be used after. */
  dispose(): Promise<void>;
}

/** A trained model with its tokenizer and labels, classifying documents in batches. */
export class TextClassifier {
  /** The network up to its `label` layer's logits; undefined for a model of another architecture. */
  readonly #logitHead: LogitHead | undefined;

  private constructor(
    readonly model: tf.LayersModel,
    readonly tokenizer: Tokenizer,
    readonly manifest: ModelManifest,
    readonly backend: BackendName,
  ) {
    this.#logitHead = logitHeadOf(model);
  }

  /** Loads a model directory (model.json, weights.bin, tokenizer.json, manifest.json). */
  static async load(dir: string, log?: (message: string) => void): Promise<TextClassifier> {
    const backend = await selectBackend(log);
    const tokenizer = new Tokenizer(
      JSON.parse(readFileSync(join(dir, 'tokenizer.json'), 'utf8')) as TokenizerConfig,
    );
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as ModelManifest;
    const trained = await loadLayersModel(dir);
    let model = trained;
    try {
      model = servingTextCnn(trained);
      trained.dispose();
    } catch (error) {
      // A model of another architecture is served as it was saved.
      log?.(`serving the model as trained: ${(error as Error).message}`);
    }
    return new TextClassifier(model, tokenizer, manifest, backend);
  }

  /** The same model and tokenizer under another manifest (e.g. with its fitted temperature). */
  withManifest(manifest: ModelManifest): TextClassifier {
    return new TextClassifier(this.model, this.tokenizer, manifest, this.backend);
  }

  static fromTrained(
    model: tf.LayersModel,
    tokenizer: Tokenizer,
    manifest: ModelManifest,
    backend: BackendName,
  ) {
    return new TextClassifier(model, tokenizer, manifest, backend);
  }

  async dispose(): Promise<void> {
    this.model.dispose();
  }

  get labels(): readonly string[] {
    return this.manifest.labels;
  }

  /**
   * Probabilities per label for each document, in label order, combined over the document's windows (see
   * Tokenizer.read and documentProbabilities), lowered for text the vocabulary mostly does not know.
   */
  async probabilities(documents: readonly DocumentInput[], batchSize = 256): Promise<Float32Array[]> {
    return (await this.#scores(documents, batchSize)).map((s) => s.probabilities);
  }

  /**
   * What the network says of each document's windows, before temperature and combination: the input of
   * documentProbabilities, from which the temperature is fitted.
   */
  async windowProbabilities(
    documents: readonly DocumentInput[],
    batchSize = 256,
  ): Promise<DocumentWindows[]> {
    return (await this.#windowScores(documents, batchSize)).map(({ windows, knownShare }) => ({
      windows,
      knownShare,
    }));
  }

  /** Each document's windows: probabilities at temperature 1 and, for a model with a logit head, logits. */
  async #windowScores(
    documents: readonly DocumentInput[],
    batchSize: number,
  ): Promise<Array<DocumentWindows & { logits?: Float32Array[] }>> {
    const maxWindows = this.manifest.windows ?? 1;
    const read = documents.map((d) => this.tokenizer.read(d.text, d.filename, maxWindows));
    const encoded = read.flatMap((r) => r.windows);
    const width = this.labels.length;
    const head = this.#logitHead;
    const rows: Float32Array[] = [];
    const logitRows: Float32Array[] = [];
    for (let start = 0; start < encoded.length; start += batchSize) {
      const batch = encoded.slice(start, start + batchSize);
      const inputs = toTensors(batch, this.tokenizer);
      const output = head
        ? tf.tidy(() =>
            tf.add(tf.matMul(head.features.predict(inputs) as tf.Tensor2D, head.kernel), head.bias),
          )
        : (this.model.predict(inputs) as tf.Tensor2D);
      const values = (await output.data()) as Float32Array;
      tf.dispose([...inputs, output]);
      for (let i = 0; i < batch.length; i++) {
        const row = values.slice(i * width, (i + 1) * width);
        if (head) logitRows.push(row);
        rows.push(head ? softmax(row) : row);
      }
    }
    let next = 0;
    return read.map(({ windows, knownShare }) => {
      const own = { start: next, end: next + windows.length };
      next = own.end;
      return {
        windows: rows.slice(own.start, own.end),
        knownShare,
        ...(head ? { logits: logitRows.slice(own.start, own.end) } : {}),
      };
    });
  }

  /** Probabilities and label evidence (see label-evidence.ts) of each document. */
  async #scores(
    documents: readonly DocumentInput[],
    batchSize = 256,
  ): Promise<Array<{ probabilities: Float32Array; evidence?: number }>> {
    const temperature = this.manifest.temperature ?? 1;
    const otherIndex = this.labels.indexOf(otherLabel);
    return (await this.#windowScores(documents, batchSize)).map((document) => {
      const { probabilities, windowWeights } = documentProbabilities(document, temperature, otherIndex);
      if (!document.logits) return { probabilities };
      return { probabilities, evidence: labelEvidence(document.logits, windowWeights, otherIndex) };
    });
  }

  async classify(documents: readonly DocumentInput[], topK = 3): Promise<Classification[]> {
    const floor = this.manifest.evidenceFloor;
    return (await this.#scores(documents)).map(({ probabilities, evidence }) => {
      const ranked = [...probabilities]
        .map((score, i) => ({ label: this.labels[i] ?? '?', score }))
        .sort((a, b) => b.score - a.score);
      const best = ranked[0] ?? { label: '?', score: 0 };
      return {
        label: best.label,
        confidence: best.score,
        topK: ranked.slice(0, topK),
        ...(evidence === undefined
          ? {}
          : {
              evidence,
              unfamiliar: floor !== undefined && best.label !== otherLabel && evidence < floor,
            }),
      };
    });
  }
}

interface LogitHead {
  /** The network up to the input of its `label` layer. */
  readonly features: tf.LayersModel;
  readonly kernel: tf.Tensor2D;
  readonly bias: tf.Tensor1D;
}

/**
 * The logits of a text CNN: its `label` layer's input, times that layer's kernel, plus its bias (the layer
 * applies a softmax, which loses the logits' scale). The sub-model shares the network's weights.
 */
function logitHeadOf(model: tf.LayersModel): LogitHead | undefined {
  const label = model.layers.find((l) => l.name === 'label');
  const [kernel, bias] = label?.getWeights() ?? [];
  if (!label || !kernel || !bias) return undefined;
  const features = tf.model({ inputs: model.inputs, outputs: label.input as tf.SymbolicTensor });
  return { features, kernel: kernel as tf.Tensor2D, bias: bias as tf.Tensor1D };
}

function softmax(logits: Float32Array): Float32Array {
  let max = Number.NEGATIVE_INFINITY;
  for (const z of logits) max = Math.max(max, z);
  const exp = logits.map((z) => Math.exp(z - max));
  const sum = exp.reduce((a, b) => a + b, 0);
  return exp.map((e) => e / sum);
}
