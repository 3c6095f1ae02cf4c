import chardet from 'chardet';
import iconv from 'iconv-lite';
import type { FormatExtraction } from '../extraction-result.ts';

/** Decodes text in whatever charset it came in (UTF-8/16 with or without BOM, Latin-1, Windows-1252, …). */
export function decodeText(bytes: Buffer): string {
  const detected = chardet.detect(bytes) ?? 'UTF-8';
  const encoding = iconv.encodingExists(detected) ? detected : 'UTF-8';
  return iconv.decode(bytes, encoding).replace(/^\uFEFF/, '');
}

export async function extractText(bytes: Buffer): Promise<FormatExtraction> {
  return { text: decodeText(bytes) };
}

/** CSV: cells separated by tabs so that numbers and words stay apart for the tokenizer. */
export async function extractCsv(bytes: Buffer): Promise<FormatExtraction> {
  const text = decodeText(bytes);
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = [';', '\t', ','].reduce((best, candidate) =>
    firstLine.split(candidate).length > firstLine.split(best).length ? candidate : best,
  );
  return { text: text.split(delimiter).join('\t') };
}
