// Page images with known text, for measuring OCR: one page per language and capture condition, rendered by
// the project's own writers. The texts are written here for the purpose (business documents in each
// language, accents and umlauts included), not taken from anywhere.
import { capturePage, pdf, pdfPageToPng } from '@docsort/document-writers';
import sharp from 'sharp';

export const pageTexts: Record<string, readonly string[]> = {
  eng: [
    'INVOICE No. 2024-0415',
    'Date of issue: 14 March 2024    Due date: 13 April 2024',
    'Bill to: Harbour Logistics Ltd, 27 Quay Street, Bristol BS1 4DJ',
    'Description                 Qty   Unit price    Amount',
    'Warehouse storage, pallets   12      18.50      222.00',
    'Forklift handling, hours      6      42.00      252.00',
    'Subtotal 474.00   VAT 20% 94.80   Total due GBP 568.80',
    'Please pay by bank transfer to sort code 20-45-77, account 40318822.',
  ],
  fra: [
    'FACTURE N° 2024-0173',
    'Date de facturation : 12 mars 2024    Échéance : 11 avril 2024',
    'Client : Société Générale des Eaux, 14 rue de la Gare, 69003 Lyon',
    'Désignation                 Quantité   Prix unitaire   Montant',
    'Réparation de la fenêtre du séjour    2      45,00 €     90,00 €',
    'Déplacement et main-d’œuvre           1      60,00 €     60,00 €',
    'Total HT 150,00 €   TVA 20 % 30,00 €   Total TTC à régler 180,00 €',
    'Pénalités de retard : trois fois le taux d’intérêt légal.',
  ],
  deu: [
    'RECHNUNG Nr. 2024-0982',
    'Rechnungsdatum: 5. März 2024    Leistungszeitraum: Februar 2024',
    'Empfänger: Müller & Söhne GmbH, Hauptstraße 12, 80331 München',
    'Pos.  Bezeichnung                 Menge   Einzelpreis   Gesamt',
    '1     Wartung der Heizungsanlage    1       320,00 €    320,00 €',
    '2     Ersatzteile für Brenner       3        45,50 €    136,50 €',
    'Nettobetrag 456,50 €   zzgl. 19 % MwSt. 86,74 €   Gesamtbetrag 543,24 €',
    'Zahlbar innerhalb von 14 Tagen ohne Abzug. Vielen Dank für Ihren Auftrag.',
  ],
  spa: [
    'FACTURA N.º 2024-0311',
    'Fecha de emisión: 8 de marzo de 2024    Vencimiento: 7 de abril de 2024',
    'Cliente: Construcciones Peña y Hermanos, S.L., Calle Mayor 18, Madrid',
    'Descripción                    Cantidad   Precio unitario   Importe',
    'Instalación eléctrica del almacén   1        850,00 €      850,00 €',
    'Revisión anual del contador         2         35,00 €       70,00 €',
    'Base imponible 920,00 €   IVA 21 % 193,20 €   Total a pagar 1.113,20 €',
    'Forma de pago: transferencia bancaria a la cuenta indicada.',
  ],
  ita: [
    'FATTURA N. 2024/0127',
    'Data fattura: 19 marzo 2024    Scadenza: 18 aprile 2024',
    'Cliente: Ferramenta Rossi & C. S.r.l., Via Garibaldi 42, 10122 Torino',
    'Descrizione                     Quantità   Prezzo unitario   Importo',
    'Manutenzione impianto di climatizzazione  1    280,00 €   280,00 €',
    'Sostituzione filtri e pulizia            4     22,50 €    90,00 €',
    'Imponibile 370,00 €   IVA 22% 81,40 €   Totale da pagare 451,40 €',
    'Pagamento con bonifico bancario entro trenta giorni dalla data fattura.',
  ],
  nld: [
    'FACTUUR nr. 2024-0558',
    'Factuurdatum: 21 maart 2024    Vervaldatum: 20 april 2024',
    'Klant: Bakkerij De Vries B.V., Kerkstraat 7, 3511 LX Utrecht',
    'Omschrijving                    Aantal   Prijs per stuk   Bedrag',
    'Onderhoud van de koelinstallatie   1        240,00 €      240,00 €',
    'Vervanging van de thermostaat      2         37,50 €       75,00 €',
    'Subtotaal 315,00 €   btw 21% 66,15 €   Totaal te betalen 381,15 €',
    'Gelieve het bedrag binnen dertig dagen over te maken.',
  ],
  por: [
    'FATURA N.º 2024/0764',
    'Data de emissão: 11 de março de 2024    Vencimento: 10 de abril de 2024',
    'Cliente: Padaria São João, Lda., Rua da Conceição 55, 1100-152 Lisboa',
    'Descrição                        Quantidade   Preço unitário   Valor',
    'Manutenção do forno elétrico         1         310,00 €     310,00 €',
    'Substituição de peças e ajustes      2          48,00 €      96,00 €',
    'Total sem IVA 406,00 €   IVA 23% 93,38 €   Total a pagar 499,38 €',
    'Pagamento por transferência bancária até à data de vencimento.',
  ],
};

/** How a page reached the pipeline. */
export const conditions = [
  'upright 300 dpi',
  'upright 150 dpi',
  'rotated 90°',
  'rotated 180°',
  'rotated 270°',
  'skewed 3°',
  'skewed 7°',
  'photo-like',
] as const;
export type Condition = (typeof conditions)[number];

export interface OcrPage {
  readonly language: string;
  readonly condition: Condition;
  readonly image: Buffer;
  readonly truth: string;
}

const dpiScale = (dpi: number) => dpi / 72;

async function renderPage(lines: readonly string[], condition: Condition): Promise<Buffer> {
  const document = await pdf(lines, { fontSize: 11 });
  if (condition === 'upright 150 dpi') return pdfPageToPng(document, dpiScale(150));
  const page = await pdfPageToPng(document, dpiScale(300));
  const still = { seed: 7, margin: 0.04, blurPx: 0, noise: 0, shadow: 0, background: '#ffffff' } as const;
  switch (condition) {
    case 'upright 300 dpi':
      return page;
    case 'rotated 90°':
    case 'rotated 180°':
    case 'rotated 270°':
      return sharp(page)
        .rotate(Number.parseInt(condition.slice(8), 10))
        .png()
        .toBuffer();
    case 'skewed 3°':
    case 'skewed 7°':
      return capturePage(page, { ...still, angleDegrees: Number(condition[7]), format: 'png', quality: 100 });
    case 'photo-like':
      // A phone's picture of the page: ~150 dpi, turned 2°, soft, noisy, unevenly lit, JPEG quality 60.
      return capturePage(await pdfPageToPng(document, dpiScale(150)), {
        seed: 11,
        angleDegrees: 2,
        background: '#6f6a63',
        margin: 0.08,
        blurPx: 1,
        noise: 14,
        shadow: 0.4,
        format: 'jpeg',
        quality: 60,
      });
  }
}

/** Every language × condition, in a fixed order. */
export async function ocrPages(languages: readonly string[] = Object.keys(pageTexts)): Promise<OcrPage[]> {
  const pages: OcrPage[] = [];
  for (const language of languages) {
    const lines = pageTexts[language];
    if (!lines) throw new Error(`no page text for ${language}`);
    for (const condition of conditions) {
      pages.push({ language, condition, image: await renderPage(lines, condition), truth: lines.join('\n') });
    }
  }
  return pages;
}
