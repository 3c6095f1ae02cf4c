import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { extractDocument } from '../extract-document.ts';
import { defaultExtractionLimits, type ExtractionLimits } from '../extraction-limits.ts';
import * as fixtures from '../testing/document-fixtures.ts';
import { closeOcrEngines, ocrEngine } from './choose-engine.ts';
import { findTesseract } from './native-tesseract.ts';

const invoiceLines = ['INVOICE No. 2024-0042', 'Total due: 1,250.00 EUR', 'Bank transfer within 30 days'];
const frenchInvoice = [
  'FACTURE N° 2024-0173',
  'Date de facturation : 12 mars 2024',
  'Désignation des prestations réalisées',
  'Réparation de la fenêtre du salon',
  'Total TTC à régler : 108,00 €',
  'Pénalités de retard applicables dès échéance',
];

const receiptLines = [
  'Buchhandlung am Markt',
  'Marktstrasse 12, 33098 Paderborn',
  'Tel. 05251 873060',
  'Quittung',
  'Roman, gebunden        24,90',
  'Taschenbuch            12,00',
  'Kalender 2027           9,99',
  'SUMME      EUR         46,89',
  'EC-Karte               46,89',
  'Betrag enthaelt 7 % MwSt 3,07',
  'Kasse 2   Bon 4711',
  'Datum 06.05.2026  16:07',
  'Vielen Dank fuer Ihren Einkauf',
];

const grayCard = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: '#9c968c' } })
    .png()
    .toBuffer();

const withEngine = (engine: 'tesseract' | 'tesseract.js'): ExtractionLimits => ({
  ...defaultExtractionLimits,
  ocrSettings: { ...defaultExtractionLimits.ocrSettings, engine },
});

afterAll(() => closeOcrEngines());

describe('OCR', () => {
  it('has native Tesseract here (the set-up installs it; the rest of these tests use it)', () => {
    expect(findTesseract(), "no 'tesseract' on PATH: run deploy/local/bootstrap.sh").toBeDefined();
  });

  it('reads a page turned by 90° upright', async () => {
    const turned = await sharp(await fixtures.png(invoiceLines))
      .rotate(90)
      .png()
      .toBuffer();
    const result = await extractDocument(turned, withEngine('tesseract'));
    expect(result.text).toContain('INVOICE No. 2024-0042');
    expect(result.text).toContain('Bank transfer within 30 days');
    expect(result.ocrEngine?.name).toBe('tesseract');
  });

  it('reads a French scan as French, accents and all', async () => {
    const result = await extractDocument(await fixtures.scannedPdf(frenchInvoice), withEngine('tesseract'));
    expect(result.language).toBe('fr');
    for (const word of [
      'Désignation',
      'réalisées',
      'Réparation',
      'fenêtre',
      'à régler',
      'Pénalités',
      'échéance',
    ]) {
      expect(result.text).toContain(word);
    }
  });

  it('OCRs only the pages of a mixed PDF that have no text layer, and keeps page boundaries', async () => {
    const result = await extractDocument(
      await fixtures.mixedPdf([
        {
          lines: ['COVER LETTER', 'Please find enclosed the signed agreement between the parties'],
          scanned: false,
        },
        { lines: ['SCHEDULE A SCANNED', 'Signed by both parties on 12 March 2024'], scanned: true },
        {
          lines: ['TERMS AND CONDITIONS', 'This agreement is governed by the laws of England'],
          scanned: false,
        },
      ]),
      withEngine('tesseract'),
    );
    expect(result.pages?.map((page) => page.source)).toEqual(['text', 'ocr', 'text']);
    expect(result.warnings).toEqual(['OCR']);
    const pageText = (n: number) => result.text.slice(result.pages?.[n]?.start, result.pages?.[n]?.end);
    expect(pageText(0)).toContain('COVER LETTER');
    expect(pageText(1)).toContain('SCHEDULE A SCANNED');
    expect(pageText(1)).not.toContain('COVER LETTER');
    expect(pageText(2)).toContain('TERMS AND CONDITIONS');
  });

  it('keeps every page of a born-digital PDF, with its place in the text', async () => {
    const result = await extractDocument(
      await fixtures.pdf([], { pages: [['Page one'], ['Page two'], ['ACCOUNT STATEMENT on page three']] }),
    );
    expect(result.pages).toHaveLength(3);
    const third = result.pages?.[2];
    expect(result.text.slice(third?.start, third?.end)).toBe('ACCOUNT STATEMENT on page three');
    expect(result.ocrEngine).toBeNull();
  });

  it('reads a till receipt scanned on a grey card, the scanner lid open (dark borders, small type)', async () => {
    const receipt = await sharp(await fixtures.png(receiptLines))
      .extract({ left: 80, top: 80, width: 400, height: 400 })
      .toBuffer();
    const scan = await sharp({ create: { width: 1300, height: 1800, channels: 3, background: '#0d0d0d' } })
      .composite([
        { input: await grayCard(500, 1800), left: 500, top: 0 },
        { input: receipt, left: 880, top: 100 },
      ])
      .jpeg({ quality: 85 })
      .toBuffer();
    for (const engine of ['tesseract', 'tesseract.js'] as const) {
      const { text } = await extractDocument(scan, withEngine(engine));
      for (const line of ['Buchhandlung am Markt', 'Quittung', 'SUMME EUR 46,89', 'Vielen Dank']) {
        expect(text, engine).toContain(line);
      }
    }
  });

  it('falls back to tesseract.js when native Tesseract is not to be used, and reads the same scan', async () => {
    const scan = await fixtures.scannedPdf(invoiceLines);
    const fallback = await extractDocument(scan, withEngine('tesseract.js'));
    expect(fallback.ocrEngine?.name).toBe('tesseract.js');
    expect(fallback.text).toContain('INVOICE No. 2024-0042');
    expect(fallback.text).toContain('Bank transfer within 30 days');
  });

  it('renders scanned pages with pdf.js where poppler’s pdftoppm is not installed', async () => {
    ocrEngine('tesseract'); // found now, while the PATH still has it
    const path = process.env.PATH;
    process.env.PATH = '';
    try {
      const result = await extractDocument(await fixtures.scannedPdf(invoiceLines), withEngine('tesseract'));
      expect(result.text).toContain('INVOICE No. 2024-0042');
    } finally {
      process.env.PATH = path;
    }
  });

  it('finds no native Tesseract on an empty PATH', () => {
    expect(findTesseract('')).toBeUndefined();
    expect(findTesseract('/nonexistent:/also-not-here')).toBeUndefined();
  });
});
