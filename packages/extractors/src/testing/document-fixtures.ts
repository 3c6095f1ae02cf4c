// Test documents made in code, so the corpus is reproducible and nothing binary is committed.
import { Document, Packer, Paragraph } from 'docx';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { PDFParse } from 'pdf-parse';
import PDFDocument from 'pdfkit';
import yazl from 'yazl';

type PdfOptions = { userPassword?: string; pages?: readonly (readonly string[])[] };

/** A text PDF (Helvetica, so no font files are needed): one page per entry of `pages`. */
export function pdf(lines: readonly string[], options: PdfOptions = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      ...(options.userPassword
        ? { userPassword: options.userPassword, ownerPassword: `${options.userPassword}-owner` }
        : {}),
    });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.fontSize(14);
    const pages = options.pages ?? [lines];
    pages.forEach((page, i) => {
      if (i > 0) doc.addPage();
      for (const line of page) doc.text(line);
    });
    doc.end();
  });
}

/** A PNG "scan" of the lines: a PDF rendered to pixels by pdf.js (its own standard fonts). */
export async function png(lines: readonly string[]): Promise<Buffer> {
  const parser = new PDFParse({ data: new Uint8Array(await pdf(lines)) });
  try {
    const { pages } = await parser.getScreenshot({ scale: 1.5, imageBuffer: true, imageDataUrl: false });
    const first = pages[0];
    if (!first) throw new Error('pdf.js rendered no page');
    return Buffer.from(first.data);
  } finally {
    await parser.destroy();
  }
}

/** A scanned PDF: the lines only as images, no text layer; one page per entry of `options.pages`. */
export async function scannedPdf(
  lines: readonly string[],
  options: { pages?: readonly (readonly string[])[] } = {},
): Promise<Buffer> {
  const images = await Promise.all((options.pages ?? [lines]).map((page) => png(page)));
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 0, autoFirstPage: false });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    for (const image of images) {
      doc.addPage({ size: 'A4', margin: 0 });
      doc.image(image, 0, 0, { width: 595 });
    }
    doc.end();
  });
}

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

export function docx(paragraphs: readonly string[]): Promise<Buffer> {
  const document = new Document({
    sections: [{ children: paragraphs.map((text) => new Paragraph({ text })) }],
  });
  return Packer.toBuffer(document);
}

export async function xlsx(
  sheets: Record<string, readonly (readonly (string | number)[])[]>,
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets))
    workbook.addWorksheet(name).addRows(rows.map((row) => [...row]));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export function zip(entries: Record<string, Buffer | string>): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const archive = new yazl.ZipFile();
    for (const [name, content] of Object.entries(entries)) archive.addBuffer(Buffer.from(content), name);
    const chunks: Buffer[] = [];
    archive.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
    archive.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    archive.outputStream.on('error', reject);
    archive.end();
  });
}

/** A DOCX-shaped zip bomb: a valid container whose parts expand far beyond any real document. */
export function zipBombDocx(expandedBytes = 64 * 1024 * 1024): Promise<Buffer> {
  return zip({
    '[Content_Types].xml':
      '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    'word/document.xml': Buffer.alloc(expandedBytes, 0x20),
  });
}

export function html(title: string, paragraphs: readonly string[]): Buffer {
  const body = paragraphs.map((p) => `<p>${p}</p>`).join('\n');
  return Buffer.from(
    `<!DOCTYPE html><html><head><title>${title}</title><style>p{color:red}</style></head><body><h1>${title}</h1>${body}<script>var hidden = "not text";</script></body></html>`,
  );
}

/** Text in Windows-1252, as older systems write it (ä, é, €). */
export function windows1252Text(text: string): Buffer {
  return iconv.encode(text, 'win1252');
}

export function csv(rows: readonly (readonly (string | number)[])[], delimiter = ';'): Buffer {
  return Buffer.from(rows.map((row) => row.join(delimiter)).join('\r\n'));
}

export interface EmlAttachment {
  readonly filename: string;
  readonly contentType: string;
  readonly content: Buffer;
}

/** A MIME e-mail with a text body and base64 attachments. */
export function eml(subject: string, body: string, attachments: readonly EmlAttachment[] = []): Buffer {
  const boundary = 'docsort-boundary-42';
  const parts = [
    'From: Accounts <accounts@supplier.example>',
    'To: ap@acme.example',
    `Subject: ${subject}`,
    'Date: Thu, 05 Nov 2026 10:00:00 +0000',
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    body,
  ];
  for (const attachment of attachments) {
    parts.push(
      `--${boundary}`,
      `Content-Type: ${attachment.contentType}; name="${attachment.filename}"`,
      'Content-Transfer-Encoding: base64',
      `Content-Disposition: attachment; filename="${attachment.filename}"`,
      '',
      attachment.content.toString('base64').replace(/(.{76})/g, '$1\r\n'),
    );
  }
  parts.push(`--${boundary}--`, '');
  return Buffer.from(parts.join('\r\n'));
}

/** An ELF header and noise: a binary no extractor handles. */
export function unknownBinary(): Buffer {
  const bytes = Buffer.alloc(4_096);
  Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]).copy(bytes);
  for (let i = 64; i < bytes.length; i++) bytes[i] = (i * 131) % 256;
  return bytes;
}
