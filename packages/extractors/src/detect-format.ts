import { PermanentError } from '@docsort/contracts';
import { fileTypeFromBuffer } from 'file-type';

export interface DetectedFormat {
  readonly format: string;
  readonly mediaType: string;
}

const byMime: Record<string, DetectedFormat> = {
  'application/pdf': { format: 'pdf', mediaType: 'application/pdf' },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': {
    format: 'docx',
    mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
    format: 'xlsx',
    mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  },
  'application/zip': { format: 'zip', mediaType: 'application/zip' },
  'image/png': { format: 'png', mediaType: 'image/png' },
  'image/jpeg': { format: 'jpeg', mediaType: 'image/jpeg' },
  'image/tiff': { format: 'tiff', mediaType: 'image/tiff' },
  'image/webp': { format: 'webp', mediaType: 'image/webp' },
  'message/rfc822': { format: 'eml', mediaType: 'message/rfc822' },
};

const outlookMessage: DetectedFormat = { format: 'msg', mediaType: 'application/vnd.ms-outlook' };

/**
 * An OLE compound file (file-type's `cfb`) holds a legacy Word or Excel file, an Outlook message or other
 * things; an Outlook message is the one whose streams are MAPI properties, named `__substg1.0_…` (UTF-16 in
 * the file's directory).
 */
function isOutlookMessage(bytes: Buffer): boolean {
  return bytes.includes(mapiPropertyStream);
}
const mapiPropertyStream = Buffer.from('__substg1.0_', 'utf16le');

/** Share of bytes in the first 8 KiB that text never has (NUL and most C0 controls). */
function binaryShare(sample: Buffer): number {
  let suspicious = 0;
  for (const byte of sample) {
    if (byte === 0 || (byte < 32 && byte !== 9 && byte !== 10 && byte !== 12 && byte !== 13 && byte !== 27)) {
      suspicious += 1;
    }
  }
  return sample.length ? suspicious / sample.length : 0;
}

function sniffText(sample: string): DetectedFormat {
  const head = sample.trimStart().slice(0, 1_024).toLowerCase();
  if (/^(<!doctype html|<html|<head|<body)/.test(head) || /<html[\s>]/.test(head)) {
    return { format: 'html', mediaType: 'text/html' };
  }
  // RFC 5322 headers at the very top: an e-mail saved as text.
  const headerLines = sample.split(/\r?\n/, 12);
  const headers = headerLines.filter((line) =>
    /^(from|to|subject|date|received|mime-version|message-id|return-path):/i.test(line),
  );
  if (headers.length >= 2) return { format: 'eml', mediaType: 'message/rfc822' };
  const lines = sample
    .split(/\r?\n/)
    .filter((line) => line.trim())
    .slice(0, 20);
  for (const delimiter of [',', ';', '\t']) {
    const counts = lines.map((line) => line.split(delimiter).length - 1);
    if (lines.length >= 2 && counts[0] && counts[0] >= 1 && counts.every((count) => count === counts[0])) {
      return { format: 'csv', mediaType: 'text/csv' };
    }
  }
  return { format: 'text', mediaType: 'text/plain' };
}

/**
 * The real type of `bytes`, from magic numbers and content alone — never from a filename or declared type,
 * which users and scanners get wrong all the time.
 */
export async function detectFormat(bytes: Buffer): Promise<DetectedFormat> {
  if (bytes.length === 0) throw new PermanentError('EMPTY', 'the file is empty');
  const detected = await fileTypeFromBuffer(bytes);
  const sample = bytes.subarray(0, 8_192);
  if (detected) {
    const known = byMime[detected.mime];
    if (known) return known;
    if (detected.mime === 'application/x-cfb' && isOutlookMessage(bytes)) return outlookMessage;
    // Some signatures are words: a text that begins "FORM NO. 16" or "FORM 1040" has AIFF's magic number.
    // A file of a type we do not read has binary bytes after its signature; one with none is text.
    if (binaryShare(sample) > 0) {
      throw new PermanentError(
        'UNSUPPORTED_TYPE',
        `unsupported file type ${detected.mime} (.${detected.ext})`,
      );
    }
  }
  if (binaryShare(sample) > 0.05) {
    throw new PermanentError('UNSUPPORTED_TYPE', 'unsupported binary file: no known signature and not text');
  }
  return sniffText(sample.toString('latin1'));
}
