export interface TokenizerConfig {
  /** Known words (most frequent in training) → ids from 2; 0 pads, 1 is unused. */
  readonly vocabulary: readonly string[];
  /** Unknown words are hashed into this many buckets after the vocabulary. */
  readonly wordHashBuckets: number;
  /** Character trigrams are hashed into this many buckets (typos leave most of a word's trigrams intact). */
  readonly charGramBuckets: number;
  readonly maxWords: number;
  readonly maxCharGrams: number;
  readonly maxFilenameGrams: number;
}

export interface EncodedDocument {
  readonly words: Int32Array;
  readonly charGrams: Int32Array;
  readonly filenameGrams: Int32Array;
}

/** FNV-1a: a stable hash, so a token maps to the same bucket in training and in production. */
function hash(text: string): number {
  let h = 2_166_136_261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16_777_619);
  return h >>> 0;
}

/** Lower case, digits folded to 0 (an amount's shape matters, its value does not), split on the rest. */
export function wordsOf(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/\d/g, '0')
    .split(/[^\p{L}0-9]+/u)
    .filter((w) => w.length > 0 && w.length <= 30);
}

function trigramsOf(word: string): string[] {
  const padded = `<${word}>`;
  const grams: string[] = [];
  for (let i = 0; i + 3 <= padded.length; i++) grams.push(padded.slice(i, i + 3));
  return grams;
}

/** The most frequent words of a corpus (seen at least twice), for TokenizerConfig.vocabulary. */
export function buildVocabulary(texts: Iterable<string>, size: number): string[] {
  const counts = new Map<string, number>();
  for (const text of texts) for (const word of wordsOf(text)) counts.set(word, (counts.get(word) ?? 0) + 1);
  return [...counts]
    .filter(([, count]) => count >= 2)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, size)
    .map(([word]) => word);
}

/** How many of a text's first words `knownShare` looks at. */
const knownShareWords = 1024;

export class Tokenizer {
  readonly #ids: Map<string, number>;

  constructor(readonly config: TokenizerConfig) {
    this.#ids = new Map(config.vocabulary.map((word, i) => [word, i + 2]));
  }

  /** Ids of the word embedding: vocabulary, then hash buckets. */
  get wordInputDim(): number {
    return this.config.vocabulary.length + 2 + this.config.wordHashBuckets;
  }

  get charGramInputDim(): number {
    return this.config.charGramBuckets + 1;
  }

  encode(text: string, filename: string): EncodedDocument {
    return this.#encodeTokens(wordsOf(text), filename);
  }

  /**
   * A long document as up to `maxWindows` windows of `maxWords` words: its start (where most documents say
   * what they are), then windows spread evenly over the rest — so a statement whose first page is a cover
   * or a summary is still read where its transactions are. A document that fits in one window is one window.
   */
  encodeWindows(text: string, filename: string, maxWindows: number): EncodedDocument[] {
    return this.#windowsOf(wordsOf(text), filename, maxWindows);
  }

  /** The share of the text's first `maxWords` words that are in the vocabulary (0 for a text without words). */
  knownShare(text: string, maxWords = knownShareWords): number {
    return this.#knownShareOf(wordsOf(text), maxWords);
  }

  /** What classifying a document needs, from one pass over its words: its windows and its known share. */
  read(
    text: string,
    filename: string,
    maxWindows: number,
  ): { windows: EncodedDocument[]; knownShare: number } {
    const tokens = wordsOf(text);
    return {
      windows: this.#windowsOf(tokens, filename, maxWindows),
      knownShare: this.#knownShareOf(tokens, knownShareWords),
    };
  }

  #windowsOf(tokens: readonly string[], filename: string, maxWindows: number): EncodedDocument[] {
    const { maxWords } = this.config;
    const windows = Math.min(maxWindows, Math.ceil(tokens.length / maxWords));
    if (windows <= 1) return [this.#encodeTokens(tokens, filename)];
    const lastStart = tokens.length - maxWords;
    return Array.from({ length: windows }, (_, k) => {
      const start =
        k === 0 ? 0 : Math.round(maxWords + ((lastStart - maxWords) * (k - 1)) / Math.max(1, windows - 2));
      return this.#encodeTokens(tokens.slice(start, start + maxWords), filename);
    });
  }

  #knownShareOf(tokens: readonly string[], maxWords: number): number {
    const words = tokens.slice(0, maxWords);
    if (!words.length) return 0;
    return words.filter((word) => this.#ids.has(word)).length / words.length;
  }

  #encodeTokens(tokens: readonly string[], filename: string): EncodedDocument {
    const { maxWords, maxCharGrams, maxFilenameGrams, wordHashBuckets, charGramBuckets } = this.config;
    const words = new Int32Array(maxWords);
    const base = this.config.vocabulary.length + 2;
    for (let i = 0; i < Math.min(tokens.length, maxWords); i++) {
      const token = tokens[i] ?? '';
      words[i] = this.#ids.get(token) ?? base + (hash(token) % wordHashBuckets);
    }
    const charGrams = new Int32Array(maxCharGrams);
    let n = 0;
    for (const token of tokens) {
      for (const gram of trigramsOf(token)) {
        if (n >= maxCharGrams) break;
        charGrams[n++] = 1 + (hash(gram) % charGramBuckets);
      }
      if (n >= maxCharGrams) break;
    }
    const filenameGrams = new Int32Array(maxFilenameGrams);
    const name = filename.toLowerCase().replace(/\d/g, '0');
    for (let i = 0; i + 3 <= name.length && i < maxFilenameGrams; i++) {
      filenameGrams[i] = 1 + (hash(`f:${name.slice(i, i + 3)}`) % charGramBuckets);
    }
    return { words, charGrams, filenameGrams };
  }
}
