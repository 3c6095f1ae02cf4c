import * as writers from '@docsort/document-writers';
import type { Sample } from './synthesize.ts';

export const sampleFormats = ['pdf', 'scan', 'docx', 'xlsx', 'txt', 'html', 'eml', 'png'] as const;

/** A sample as a real file of its format. */
export async function sampleFile(sample: Sample): Promise<Buffer> {
  const { lines } = sample;
  switch (sample.format) {
    case 'pdf':
      return writers.pdf(lines);
    case 'scan':
      return writers.scannedPdf(lines.slice(0, 40));
    case 'png':
      return writers.png(lines.slice(0, 40));
    case 'docx':
      return writers.docx(lines);
    case 'xlsx': {
      // Text lines in the first column, each table as cells below them: how spreadsheets of documents look.
      const rows: string[][] = lines.map((line) => [line]);
      for (const table of sample.tables) rows.push([], ...table.map((row) => [...row]));
      return writers.xlsx({ Document: rows });
    }
    case 'html':
      return writers.html(lines[0] ?? 'Document', lines.slice(1));
    case 'eml':
      return writers.eml(lines[0] ?? 'Document', lines.join('\n'));
    default:
      return Buffer.from(`${lines.join('\n')}\n`);
  }
}
