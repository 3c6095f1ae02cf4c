import { type LabelledText, tf, wordsOf } from '@docsort/text-classifier';

export interface BaselinePrediction {
  readonly label: string;
  readonly confidence: number;
}

/** Words and word pairs: the classic bag-of-n-grams that TF-IDF baselines use. */
function termsOf(text: string): string[] {
  const words = wordsOf(text);
  const terms = [...words];
  for (let i = 0; i + 1 < words.length; i++) terms.push(`${words[i]} ${words[i + 1]}`);
  return terms;
}

/**
 * The classic baseline the CNN has to beat: TF-IDF over word uni- and bigrams (sublinear tf, smoothed idf,
 * L2-normalised, as scikit-learn's TfidfVectorizer does) and a multinomial logistic regression with L2
 * regularisation, trained with Adam on TF.js. Content only: it never sees the filename.
 */
export class TfidfLogisticRegression {
  private constructor(
    private readonly terms: ReadonlyMap<string, number>,
    private readonly idf: Float32Array,
    private readonly labels: readonly string[],
    private readonly model: tf.LayersModel,
  ) {}

  static async train(
    examples: readonly LabelledText[],
    labels: readonly string[],
    options: { seed: number; epochs?: number; vocabularySize?: number },
  ): Promise<TfidfLogisticRegression> {
    const documentFrequency = new Map<string, number>();
    for (const e of examples)
      for (const term of new Set(termsOf(e.text))) {
        documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
      }
    const kept = [...documentFrequency]
      .filter(([, df]) => df >= 2)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, options.vocabularySize ?? 20_000);
    const terms = new Map(kept.map(([term], i) => [term, i]));
    const idf = Float32Array.from(kept, ([, df]) => Math.log((1 + examples.length) / (1 + df)) + 1);
    const model = tf.sequential({
      layers: [
        tf.layers.dense({
          inputShape: [terms.size],
          units: labels.length,
          activation: 'softmax',
          kernelRegularizer: tf.regularizers.l2({ l2: 1e-4 }),
          kernelInitializer: tf.initializers.glorotUniform({ seed: options.seed }),
        }),
      ],
    });
    model.compile({ optimizer: tf.train.adam(0.02), loss: 'sparseCategoricalCrossentropy' });
    const baseline = new TfidfLogisticRegression(terms, idf, labels, model);
    const x = baseline.vectorize(examples.map((e) => e.text));
    const y = tf.tensor1d(
      examples.map((e) => labels.indexOf(e.label)),
      'float32',
    );
    await model.fit(x, y, { epochs: options.epochs ?? 20, batchSize: 64, shuffle: true, verbose: 0 });
    tf.dispose([x, y]);
    return baseline;
  }

  vectorize(texts: readonly string[]): tf.Tensor2D {
    const width = this.terms.size;
    const values = new Float32Array(texts.length * width);
    texts.forEach((text, row) => {
      const counts = new Map<number, number>();
      for (const term of termsOf(text)) {
        const column = this.terms.get(term);
        if (column !== undefined) counts.set(column, (counts.get(column) ?? 0) + 1);
      }
      let norm = 0;
      const weighted: Array<[number, number]> = [];
      for (const [column, count] of counts) {
        const weight = (1 + Math.log(count)) * (this.idf[column] ?? 0);
        weighted.push([column, weight]);
        norm += weight * weight;
      }
      const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
      for (const [column, weight] of weighted) values[row * width + column] = weight * scale;
    });
    return tf.tensor2d(values, [texts.length, width]);
  }

  async classify(texts: readonly string[], batchSize = 256): Promise<BaselinePrediction[]> {
    const predictions: BaselinePrediction[] = [];
    for (let start = 0; start < texts.length; start += batchSize) {
      const x = this.vectorize(texts.slice(start, start + batchSize));
      const output = this.model.predict(x) as tf.Tensor2D;
      const rows = (await output.array()) as number[][];
      tf.dispose([x, output]);
      for (const row of rows) {
        const best = row.indexOf(Math.max(...row));
        predictions.push({ label: this.labels[best] ?? '?', confidence: row[best] ?? 0 });
      }
    }
    return predictions;
  }
}
