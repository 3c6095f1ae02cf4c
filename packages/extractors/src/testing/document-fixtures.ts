// Hostile and broken documents for the extractors' tests, made in code. The ordinary ones come from
// @docsort/document-writers, re-exported here so that tests import one module.
import { docx, xlsx, zip } from '@docsort/document-writers';
import { openZip, visitEntries } from '../open-zip.ts';
import { ZipEntryReader } from '../zip-entry-reader.ts';

export * from '@docsort/document-writers';

/** A hand-written PDF: `objects` numbered from 1, the first being the catalog. */
function rawPdf(objects: readonly string[]): Buffer {
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** A PDF of `pages` blank pages, a few dozen bytes each: an absurd page count that costs its author nothing. */
export function manyPagesPdf(pages = 10_000): Buffer {
  const kids = Array.from({ length: pages }, (_, i) => `${i + 3} 0 R`).join(' ');
  const pageObjects = Array.from(
    { length: pages },
    () => '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>',
  );
  return rawPdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${kids}] /Count ${pages} >>`,
    ...pageObjects,
  ]);
}

/** A PDF whose page tree claims `count` pages but holds one: a lie about its size. */
export function lyingPageCountPdf(count = 50_000_000): Buffer {
  return rawPdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [3 0 R] /Count ${count} >>`,
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>',
  ]);
}

/**
 * CVE-2024-4367: a font whose /FontMatrix smuggles JavaScript into the glyph code that pdf.js < 4.2.67
 * compiled with `new Function` when rendering. `payload` runs if a renderer is vulnerable.
 */
export function fontMatrixInjectionPdf(payload: string): Buffer {
  const content = 'BT /F1 24 Tf 72 700 Td (INVOICE) Tj ET';
  return rawPdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    `<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /FontMatrix [0.001 0 0 0.001 0 (0\\); ${payload}; //)] >>`,
  ]);
}

/** A DOCX-shaped zip bomb: a valid container whose parts expand far beyond any real document. */
export function zipBombDocx(expandedBytes = 64 * 1024 * 1024): Promise<Buffer> {
  return zip({
    '[Content_Types].xml':
      '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    'word/document.xml': Buffer.alloc(expandedBytes, 0x20),
  });
}

/**
 * `archive` with the size of each entry that inflates to more than `declared` bytes (of the entry named `only`,
 * if given) written down to `declared`, in its local and its central header alike: a zip bomb that passes any
 * check of declared sizes.
 */
export function understateZipSizes(archive: Buffer, declared = 1024, only?: string): Buffer {
  const forged = Buffer.from(archive);
  const endOfDirectory = forged.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let header = forged.readUInt32LE(endOfDirectory + 16);
  for (let entry = 0; entry < forged.readUInt16LE(endOfDirectory + 10); entry++) {
    const nameLength = forged.readUInt16LE(header + 28);
    const name = forged.toString('utf8', header + 46, header + 46 + nameLength);
    if (forged.readUInt32LE(header + 24) > declared && (only === undefined || name === only)) {
      forged.writeUInt32LE(declared, header + 24);
      forged.writeUInt32LE(declared, forged.readUInt32LE(header + 42) + 22);
    }
    header += 46 + nameLength + forged.readUInt16LE(header + 30) + forged.readUInt16LE(header + 32);
  }
  return forged;
}

/** An Office file (DOCX, XLSX) with `padding` blanks after the XML of its part `partName`. */
async function padPart(document: Buffer, partName: string, padding: number): Promise<Buffer> {
  const parts: Record<string, Buffer> = {};
  const zipFile = await openZip(document, 'fixture');
  const reader = new ZipEntryReader(zipFile, Number.MAX_SAFE_INTEGER, 'fixture');
  await visitEntries(zipFile, 'fixture', async (entry) => {
    if (!entry.fileName.endsWith('/')) parts[entry.fileName] = await reader.read(entry);
  });
  parts[partName] = Buffer.concat([parts[partName] ?? Buffer.alloc(0), Buffer.alloc(padding, 0x20)]);
  return zip(parts);
}

/**
 * A readable DOCX whose document part inflates to `inflatedBytes` while its headers claim 1 KiB: a parser that
 * unzips whole without checking sizes takes it all in.
 */
export async function forgedSizeDocx(inflatedBytes = 64 * 1024 * 1024): Promise<Buffer> {
  const part = 'word/document.xml';
  return understateZipSizes(await padPart(await docx(['QUARTERLY REPORT']), part, inflatedBytes), 1024, part);
}

/** A readable XLSX whose sheet part inflates to `inflatedBytes` while its headers claim 1 KiB. */
export async function forgedSizeXlsx(inflatedBytes = 64 * 1024 * 1024): Promise<Buffer> {
  const part = 'xl/worksheets/sheet1.xml';
  const workbook = await xlsx({
    Ledger: [
      ['Account', 'Balance'],
      ['Cash', 100],
    ],
  });
  return understateZipSizes(await padPart(workbook, part, inflatedBytes), 1024, part);
}

/** `levels` ZIPs, each holding the next; the innermost holds a short text file. */
export async function nestedZip(levels: number): Promise<Buffer> {
  let inner: Buffer = Buffer.from('INVOICE 1\nTotal due 12.00 EUR\n');
  let name = 'invoice.txt';
  for (let level = 0; level < levels; level++) {
    inner = await zip({ [name]: inner });
    name = `level-${level}.zip`;
  }
  return inner;
}

/** An ELF header and noise: a binary no extractor handles. */
export function unknownBinary(): Buffer {
  const bytes = Buffer.alloc(4_096);
  Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]).copy(bytes);
  for (let i = 64; i < bytes.length; i++) bytes[i] = (i * 131) % 256;
  return bytes;
}
