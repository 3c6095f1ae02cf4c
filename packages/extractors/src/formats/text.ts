import chardet from 'chardet';
import iconv from 'iconv-lite';
import type { FormatExtraction } from '../extraction-result.ts';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The text when `bytes` are valid UTF-8 without NULs (UTF-16 text is full of them); else undefined. */
function asUtf8(bytes: Buffer): string | undefined {
  if (bytes.includes(0)) return undefined;
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * Decodes text in whatever charset it came in (UTF-8/16 with or without BOM, Latin-1, Windows-1252, …).
 * Valid UTF-8 is taken as such without statistics: legacy 8-bit text is practically never valid UTF-8, and
 * charset detection cost most of a plain-text document's extraction time (bench:e2e profile).
 */
export function decodeText(bytes: Buffer): string {
  const utf8 = asUtf8(bytes);
  if (utf8 !== undefined) return utf8.replace(/^\uFEFF/, '');
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
