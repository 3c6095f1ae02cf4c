export {
  distilledWordVectors,
  encoderWholeWords,
  loadEncoderTokenizer,
  type WordVectors,
} from './distilled-word-vectors.ts';
export { defaultPretrainedCacheDir, ensurePretrainedEncoder, pretrainedEncoder } from './encoder-package.ts';
export { MiniLmEncoder } from './minilm-encoder.ts';
export { type Float32Tensor, SafetensorsReader } from './safetensors.ts';
