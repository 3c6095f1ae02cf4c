// Real files from text, in code: for synthetic training data and for tests. Nothing binary is committed.
import CFB from 'cfb';
import { Document, Packer, Paragraph } from 'docx';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { PDFParse } from 'pdf-parse';
import PDFDocument from 'pdfkit';
import yazl from 'yazl';
import { type CaptureLook, capturePage, flatbedScanLook, phonePhotoLook } from './page-capture.ts';

/**
 * pdfkit stamps every file with the time it was made; a fixed date makes the same lines the same bytes, so
 * what is keyed by a file's bytes (OCR-in-the-loop readings, content hashes) recognises it again.
 */
const reproducibleInfo = { CreationDate: new Date(Date.UTC(2026, 0, 1)) };

type PdfOptions = { userPassword?: string; pages?: readonly (readonly string[])[]; fontSize?: number };

/** A text PDF (Helvetica, so no font files are needed; 14 pt unless `fontSize`): one page per entry of `pages`. */
export function pdf(lines: readonly string[], options: PdfOptions = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      info: reproducibleInfo,
      ...(options.userPassword
        ? { userPassword: options.userPassword, ownerPassword: `${options.userPassword}-owner` }
        : {}),
    });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.fontSize(options.fontSize ?? 14);
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
  return pdfPageToPng(await pdf(lines));
}

/** The first page of a PDF as a PNG, rendered by pdf.js — charts drawn with pdfkit become images this way. */
export async function pdfPageToPng(document: Buffer, scale = 1.5): Promise<Buffer> {
  const parser = new PDFParse({ data: new Uint8Array(document) });
  try {
    const { pages } = await parser.getScreenshot({ scale, imageBuffer: true, imageDataUrl: false });
    const first = pages[0];
    if (!first) throw new Error('pdf.js rendered no page');
    return Buffer.from(first.data);
  } finally {
    await parser.destroy();
  }
}

/**
 * A scanned PDF: the lines only as images, no text layer; one page per entry of `options.pages`. Clean
 * renderings unless `scanner` is given: then each page is captured as a flatbed scanner does (slightly
 * turned, speckled, JPEG; `flatbedScanLook` overridden by `scanner`, the seed counted up per page).
 */
export async function scannedPdf(
  lines: readonly string[],
  options: {
    pages?: readonly (readonly string[])[];
    fontSize?: number;
    scanner?: Partial<CaptureLook>;
  } = {},
): Promise<Buffer> {
  const { scanner, fontSize } = options;
  const images = await Promise.all(
    (options.pages ?? [lines]).map(async (page, i) => {
      if (!scanner) return pdfPageToPng(await pdf(page, { fontSize }));
      const look = { ...flatbedScanLook, ...scanner };
      // About 180 dpi: scanners store pages sharper than a screen rendering.
      return capturePage(await pdfPageToPng(await pdf(page, { fontSize }), 2.5), {
        ...look,
        seed: look.seed + i,
      });
    }),
  );
  return pdfOfPages(images.map((image) => ({ image })));
}

/**
 * A PDF mixing born-digital pages (a text layer) and scanned ones (only an image), as a scan with a typed
 * cover letter or an e-signed contract with scanned annexes is: one page per entry, `scanned` for images.
 */
export async function mixedPdf(
  pages: readonly { readonly lines: readonly string[]; readonly scanned: boolean }[],
): Promise<Buffer> {
  return pdfOfPages(
    await Promise.all(
      pages.map(async (page) =>
        page.scanned ? { image: await pdfPageToPng(await pdf(page.lines)) } : { lines: page.lines },
      ),
    ),
  );
}

/** A4 pages, each an image filling the page or lines of text. */
function pdfOfPages(
  pages: readonly ({ readonly image: Buffer } | { readonly lines: readonly string[] })[],
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 0, autoFirstPage: false, info: reproducibleInfo });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    for (const page of pages) {
      if ('image' in page) {
        doc.addPage({ size: 'A4', margin: 0 });
        doc.image(page.image, 0, 0, { width: 595 });
      } else {
        doc.addPage({ size: 'A4', margin: 72 });
        doc.fontSize(14);
        for (const line of page.lines) doc.text(line);
      }
    }
    doc.end();
  });
}

/**
 * A phone photo of the lines printed on a page: turned, on a desk, unevenly lit, soft, noisy, JPEG
 * (`phonePhotoLook`, overridden by `options.look`). What it lacks: perspective (a camera not straight above the
 * page), a curled page and real lens distortion — a 2D canvas cannot draw those.
 */
export async function photo(
  lines: readonly string[],
  options: { fontSize?: number; look?: Partial<CaptureLook> } = {},
): Promise<Buffer> {
  // Scale 2 (144 dpi): a phone's picture of an A4 page has about that many pixels across the page.
  const page = await pdfPageToPng(await pdf(lines, { fontSize: options.fontSize }), 2);
  return capturePage(page, { ...phonePhotoLook, ...options.look });
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

/** A MAPI property stream's name: `__substg1.0_` + property id + type (001F: UTF-16 string, 0102: binary). */
const property = (id: string, type: '001F' | '0102') => `__substg1.0_${id}${type}`;
const utf16 = (text: string) => Buffer.from(text, 'utf16le');

/**
 * An Outlook message (.msg): the MAPI properties of a mail — class, subject, sender, recipient, plain-text
 * body — and its attachments, as streams of an OLE compound file, the way Outlook saves a mail dragged to a folder.
 */
export function msg(subject: string, body: string, attachments: readonly EmlAttachment[] = []): Buffer {
  const streams: Record<string, Buffer> = {
    '__properties_version1.0': Buffer.alloc(32),
    [property('001A', '001F')]: utf16('IPM.Note'),
    [property('0037', '001F')]: utf16(subject),
    [property('0C1A', '001F')]: utf16('Accounts'),
    [property('0C1F', '001F')]: utf16('accounts@supplier.example'),
    '__recip_version1.0_#00000000/__properties_version1.0': Buffer.alloc(8),
    [`__recip_version1.0_#00000000/${property('3001', '001F')}`]: utf16('ap@acme.example'),
    [property('1000', '001F')]: utf16(body),
  };
  attachments.forEach((attachment, i) => {
    const storage = `__attach_version1.0_#${i.toString(16).toUpperCase().padStart(8, '0')}`;
    streams[`${storage}/__properties_version1.0`] = Buffer.alloc(8);
    streams[`${storage}/${property('3707', '001F')}`] = utf16(attachment.filename);
    streams[`${storage}/${property('370E', '001F')}`] = utf16(attachment.contentType);
    streams[`${storage}/${property('3701', '0102')}`] = attachment.content;
  });
  return compoundFile(streams);
}

/** An OLE compound file (the container of .msg, legacy .doc and .xls) of the given streams, by path. */
export function compoundFile(streams: Record<string, Buffer>): Buffer {
  const file = CFB.utils.cfb_new();
  for (const [path, content] of Object.entries(streams)) CFB.utils.cfb_add(file, `/${path}`, content);
  return Buffer.from(CFB.write(file, { type: 'buffer' }) as Uint8Array);
}
