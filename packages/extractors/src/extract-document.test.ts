import { PermanentError } from '@docsort/contracts';
import { afterAll, describe, expect, it } from 'vitest';
import { extractDocument } from './extract-document.ts';
import { defaultExtractionLimits } from './extraction-limits.ts';
import { closeOcrEngines } from './ocr/choose-engine.ts';
import * as fixtures from './testing/document-fixtures.ts';

const invoiceLines = ['INVOICE No. 2024-0042', 'Total due: 1,250.00 EUR', 'Bank transfer within 30 days'];

async function reasonOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PermanentError);
  return (error as PermanentError).reason;
}

afterAll(() => closeOcrEngines());

describe('extractDocument on good files', () => {
  it('reads a PDF’s text layer and counts its pages', async () => {
    const result = await extractDocument(
      await fixtures.pdf([], { pages: [invoiceLines, ['Page two: payment terms and conditions']] }),
    );
    expect(result).toMatchObject({ format: 'pdf', mediaType: 'application/pdf', pageCount: 2, warnings: [] });
    expect(result.text).toContain('INVOICE No. 2024-0042');
    expect(result.text).toContain('payment terms');
    expect(result.extractor.name).toBe('pdf-parse');
  });

  it('reads DOCX paragraphs', async () => {
    const result = await extractDocument(
      await fixtures.docx(['EMPLOYMENT OFFER', 'We are pleased to offer you the position']),
    );
    expect(result.format).toBe('docx');
    expect(result.text).toBe('EMPLOYMENT OFFER\n\nWe are pleased to offer you the position');
  });

  it('reads every XLSX sheet as tab-separated rows', async () => {
    const result = await extractDocument(
      await fixtures.xlsx({
        Items: [
          ['Item', 'Qty', 'Price'],
          ['Pallet wrap', 12, 4.5],
        ],
        Totals: [['Total', 54]],
      }),
    );
    expect(result).toMatchObject({ format: 'xlsx', pageCount: 2 });
    expect(result.text).toBe('# Items\nItem\tQty\tPrice\nPallet wrap\t12\t4.5\n# Totals\nTotal\t54');
  });

  it('reads CSV with semicolons as cells', async () => {
    const result = await extractDocument(
      fixtures.csv([
        ['Date', 'Description', 'Amount'],
        ['2026-11-01', 'Rent', '-950.00'],
      ]),
    );
    expect(result.format).toBe('csv');
    expect(result.text).toBe('Date\tDescription\tAmount\n2026-11-01\tRent\t-950.00');
  });

  it('reads HTML without markup, styles or scripts', async () => {
    const result = await extractDocument(
      fixtures.html('Lease Agreement', ['The tenant agrees to pay rent monthly.']),
    );
    expect(result.format).toBe('html');
    expect(result.text).toContain('LEASE AGREEMENT');
    expect(result.text).toContain('The tenant agrees to pay rent monthly.');
    expect(result.text).not.toMatch(/color:red|not text|<p>/);
  });

  it('decodes text in its own charset', async () => {
    const result = await extractDocument(
      fixtures.windows1252Text('Prüfbericht für Gerät Nr. 5 — Gebühr 12 € fällig'),
    );
    expect(result.format).toBe('text');
    expect(result.text).toBe('Prüfbericht für Gerät Nr. 5 — Gebühr 12 € fällig');
    const utf8 = await extractDocument(Buffer.from('\uFEFFPrüfbericht für Gerät — 12 € fällig'));
    expect(utf8.text).toBe('Prüfbericht für Gerät — 12 € fällig');
  });

  it.each([
    { kind: 'a MIME e-mail', write: fixtures.eml, format: 'eml', mediaType: 'message/rfc822' },
    {
      kind: 'an Outlook message',
      write: fixtures.msg,
      format: 'msg',
      mediaType: 'application/vnd.ms-outlook',
    },
  ])('reads $kind: sender, subject, body and attachment names; hands out its attachments', async (mail) => {
    const attachment = await fixtures.pdf(invoiceLines);
    const result = await extractDocument(
      mail.write('Invoice 2024-0042', 'Please find our invoice attached.', [
        { filename: 'scan_0003.pdf', contentType: 'application/pdf', content: attachment },
      ]),
    );
    expect(result).toMatchObject({ format: mail.format, mediaType: mail.mediaType });
    expect(result.text).toMatch(/^From: "?Accounts"? <accounts@supplier\.example>\nTo: ap@acme\.example\n/);
    expect(result.text).toContain('Subject: Invoice 2024-0042');
    expect(result.text).toContain('Please find our invoice attached.');
    expect(result.text).toContain('Attachments: scan_0003.pdf');
    expect(result.children).toHaveLength(1);
    expect(result.children[0]?.filename).toBe('scan_0003.pdf');
    expect(result.children[0]?.contentType).toBe('application/pdf');
    expect(result.children[0]?.content.equals(attachment)).toBe(true);
  });

  it('reads an Outlook message whose bytes sit inside a larger buffer, as a record’s value does', async () => {
    const message = fixtures.msg('Payslip March', 'Your payslip for March is attached.');
    const pool = Buffer.alloc(message.length + 2_048, 0x41);
    message.copy(pool, 1_024);
    const result = await extractDocument(pool.subarray(1_024, 1_024 + message.length));
    expect(result.format).toBe('msg');
    expect(result.text).toContain('Subject: Payslip March');
  });

  it('refuses an OLE compound file that is not an Outlook message (a legacy Word file) as unsupported', async () => {
    const legacyWord = fixtures.compoundFile({ WordDocument: Buffer.alloc(4_096, 1) });
    expect(await reasonOf(extractDocument(legacyWord))).toBe('UNSUPPORTED_TYPE');
  });

  it('lists a ZIP archive and hands out its files', async () => {
    const result = await extractDocument(
      await fixtures.zip({ 'a/notes.txt': 'first file', 'b.csv': 'x;y\n1;2' }),
    );
    expect(result.format).toBe('zip');
    expect(result.text).toContain('Archive with 2 files');
    expect(result.children.map((c) => [c.filename, c.content.toString()])).toEqual([
      ['notes.txt', 'first file'],
      ['b.csv', 'x;y\n1;2'],
    ]);
  });

  it('reads an image by OCR', async () => {
    const result = await extractDocument(await fixtures.png(invoiceLines));
    expect(result).toMatchObject({ format: 'png', warnings: ['OCR'] });
    expect(result.text).toContain('INVOICE No. 2024-0042');
    expect(result.text).toContain('Total due');
  });

  it('OCRs a scanned PDF that has no text layer', async () => {
    const result = await extractDocument(await fixtures.scannedPdf(invoiceLines));
    expect(result.format).toBe('pdf');
    expect(result.warnings).toEqual(['NO_TEXT_LAYER', 'OCR']);
    expect(result.text).toContain('INVOICE No. 2024-0042');
  });

  it('says NO_TEXT_LAYER for a scan when OCR is off', async () => {
    const result = await extractDocument(await fixtures.scannedPdf(invoiceLines), {
      ...defaultExtractionLimits,
      ocr: false,
    });
    expect(result.warnings).toEqual(['NO_TEXT_LAYER']);
    expect(result.text).toBe('');
  });
});

describe('extractDocument on bad files', () => {
  it('EMPTY for an empty file', async () => {
    expect(await reasonOf(extractDocument(Buffer.alloc(0)))).toBe('EMPTY');
  });

  it('UNSUPPORTED_TYPE for an unknown binary', async () => {
    expect(await reasonOf(extractDocument(fixtures.unknownBinary()))).toBe('UNSUPPORTED_TYPE');
  });

  it('UNSUPPORTED_TYPE for audio, but text that begins with the word of its signature is text', async () => {
    const aiff = Buffer.concat([Buffer.from('FORM'), Buffer.from([0, 0, 0, 46]), Buffer.from('AIFFCOMM')]);
    expect(await reasonOf(extractDocument(Buffer.concat([aiff, Buffer.alloc(38)])))).toBe('UNSUPPORTED_TYPE');
    const taxForm = await extractDocument(
      Buffer.from('FORM NO. 16\n[See rule 31(1)(a)]\nPART A\nCertificate'),
    );
    expect(taxForm.format).toBe('text');
    expect(taxForm.text).toContain('PART A');
  });

  it('ENCRYPTED for a password-protected PDF', async () => {
    expect(
      await reasonOf(extractDocument(await fixtures.pdf(invoiceLines, { userPassword: 'secret' }))),
    ).toBe('ENCRYPTED');
  });

  it('CORRUPT for a truncated PDF', async () => {
    const whole = await fixtures.pdf(invoiceLines);
    expect(await reasonOf(extractDocument(whole.subarray(0, 400)))).toBe('CORRUPT');
  });

  it('CORRUPT for a DOCX whose container is broken', async () => {
    const whole = await fixtures.docx(['text']);
    expect(await reasonOf(extractDocument(whole.subarray(0, whole.length - 300)))).toBe('CORRUPT');
  });

  it('TOO_LARGE for a zip bomb, before anything is unzipped', async () => {
    expect(await reasonOf(extractDocument(await fixtures.zipBombDocx()))).toBe('TOO_LARGE');
  });

  it('TOO_LARGE for a DOCX or XLSX whose headers understate what its parts inflate to', async () => {
    const forged = {
      'word/document.xml': await fixtures.forgedSizeDocx(),
      'xl/worksheets/sheet1.xml': await fixtures.forgedSizeXlsx(),
    };
    for (const [part, document] of Object.entries(forged)) {
      const error = await extractDocument(document).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(PermanentError);
      expect(error).toMatchObject({ reason: 'TOO_LARGE' });
      expect((error as Error).message).toContain(
        `${part} inflates to more than the 1024 bytes its header declares`,
      );
    }
  });

  it('TOO_LARGE for a ZIP archive whose headers understate what an entry inflates to', async () => {
    const forged = fixtures.understateZipSizes(
      await fixtures.zip({ 'statement.txt': Buffer.alloc(1e6, 0x30) }),
    );
    expect(await reasonOf(extractDocument(forged))).toBe('TOO_LARGE');
  });

  it('TOO_LARGE for a PDF with an absurd page count', async () => {
    expect(await reasonOf(extractDocument(fixtures.manyPagesPdf(10_000)))).toBe('TOO_LARGE');
  });

  it('counts the pages a PDF has, not the count its page tree claims', async () => {
    const result = await extractDocument(fixtures.lyingPageCountPdf(50_000_000));
    expect(result.pageCount).toBe(1);
    expect(result.warnings).toContain('NO_TEXT_LAYER');
  });

  it('TOO_LARGE for input over the size limit', async () => {
    const limits = { ...defaultExtractionLimits, maxInputBytes: 100 };
    expect(await reasonOf(extractDocument(Buffer.alloc(101, 0x41), limits))).toBe('TOO_LARGE');
  });
});
