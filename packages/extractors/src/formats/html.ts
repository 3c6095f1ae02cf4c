import { convert } from 'html-to-text';
import type { FormatExtraction } from '../extraction-result.ts';
import { decodeText } from './text.ts';

export async function extractHtml(bytes: Buffer): Promise<FormatExtraction> {
  const text = convert(decodeText(bytes), {
    wordwrap: false,
    selectors: [
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'img', format: 'skip' },
    ],
  });
  return { text };
}
