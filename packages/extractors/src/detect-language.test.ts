import { describe, expect, it } from 'vitest';
import { detectLanguage, tesseractLanguage } from './detect-language.ts';

describe('detectLanguage', () => {
  it.each([
    ['en', 'Invoice number 17. Date of issue 3 May. Total amount due including VAT, payable within 30 days.'],
    ['fr', 'Facture numéro 17. Date de facturation : 3 mai. Total TTC à régler sous trente jours.'],
    [
      'de',
      'Rechnung Nr. 17 vom 3. Mai. Gesamtbetrag inklusive Mehrwertsteuer, zahlbar innerhalb von 30 Tagen.',
    ],
    ['nl', 'Factuur nummer 17 van 3 mei. Totaal te betalen inclusief btw binnen dertig dagen.'],
    ['es', 'Factura número 17 del 3 de mayo. Importe total con IVA, a pagar en un plazo de treinta días.'],
    ['it', 'Fattura numero 17 del 3 maggio. Totale da pagare IVA inclusa entro trenta giorni.'],
    ['pt', 'Fatura número 17 de 3 de maio. Valor total a pagar com IVA no prazo de trinta dias.'],
    ['pl', 'Faktura VAT numer 17 z dnia 3 maja. Razem do zapłaty w terminie trzydziestu dni.'],
  ])('tells %s', (language, text) => {
    expect(detectLanguage(text)).toBe(language);
  });

  it('leaves text without words open', () => {
    expect(detectLanguage('')).toBeNull();
    expect(detectLanguage('12 / 04 / 2024   1.250,00   0042-17')).toBeNull();
  });

  it('names the Tesseract model of a language', () => {
    expect(tesseractLanguage('fr')).toBe('fra');
    expect(tesseractLanguage('zh')).toBeUndefined();
    expect(tesseractLanguage(null)).toBeUndefined();
  });
});
