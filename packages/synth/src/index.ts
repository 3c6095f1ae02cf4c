export { badFilename } from './bad-filenames.ts';
export { type EmailStyle, wrapInEmail } from './email-wrapper.ts';
export { addOcrNoise } from './ocr-noise.ts';
export {
  apportion,
  type MixPart,
  type PageRange,
  type PlannedDocument,
  planRealMix,
  type RealMixDocument,
  type RealMixFormat,
  type RealMixKind,
  type RealMixOptions,
  type RealMixProfile,
  realMixCorpus,
  realMixProfile,
} from './real-mix.ts';
export { sampleFile, sampleFormats } from './sample-files.ts';
export {
  defaultTemplatesDir,
  type Sample,
  type Split,
  type SynthesizeOptions,
  synthesize,
} from './synthesize.ts';
export { type RenderedDocument, renderTemplate } from './template-renderer.ts';
