import { describe, expect, it } from 'vitest';
import { defaultModelDir } from './model-files.ts';
import { TextClassifier } from './text-classifier.ts';

// A welcome pack whose third page is the statement: what a multi-page bank statement often looks like.
const coverPage = [
  'Welcome to your new account',
  'Thank you for choosing us. This pack explains how to get the most from online banking, the mobile app and our customer service.',
  'Getting started: download the app from your app store, register with your customer number and choose a passcode. You can then see what is happening, move money and manage your cards.',
  'Keeping safe: we will never ask you for your full password or passcode. If you receive a suspicious call or message, hang up and call us on the number on the back of your card.',
  'Our customer service team is available every day from 8am to 8pm. Lines may be busy on Mondays.',
  'This document is available in large print, braille and audio on request.',
].join('\n');
const statementPage = [
  'STATEMENT OF ACCOUNT',
  'Account number 12345678  Sort code 20-00-00',
  'Statement period 01/03/2026 to 31/03/2026',
  'Opening balance 2,431.10',
  'Date Description Paid out Paid in Balance',
  '02/03 CARD PAYMENT TESCO STORES 45.20 2,385.90',
  '04/03 DIRECT DEBIT COUNCIL TAX 132.00 2,253.90',
  '07/03 SALARY ACME LTD 2,850.00 5,103.90',
  '11/03 STANDING ORDER RENT 950.00 4,153.90',
  '15/03 CASH WITHDRAWAL 100.00 4,053.90',
  '21/03 CARD PAYMENT AMAZON 23.99 4,029.91',
  '28/03 TRANSFER TO SAVINGS 500.00 3,529.91',
  'Closing balance 3,529.91',
].join('\n');
const longStatement = [
  coverPage,
  coverPage,
  coverPage,
  '\f',
  coverPage,
  coverPage,
  '\f',
  statementPage,
  statementPage,
].join('\n');

// Out of the taxonomy, yet full of numbers, tables and business words: a product datasheet.
const datasheet = [
  'TPX-4410 Industrial Temperature Sensor — Datasheet Rev. C',
  'Features: measurement range -40 to +125 °C, accuracy ±0.25 °C, 12-bit resolution, I2C and SMBus compatible.',
  'Applications: HVAC control, data loggers, battery packs, cold-chain monitoring.',
  'Absolute maximum ratings: supply voltage 6.0 V, storage temperature -65 to 150 °C, ESD 2 kV (HBM).',
  'Electrical characteristics (VDD = 3.3 V, TA = 25 °C unless noted)',
  'Parameter Min Typ Max Unit',
  'Supply current, active 45 60 µA',
  'Shutdown current 0.1 1 µA',
  'Conversion time 26 35 ms',
  'Pin configuration: 1 SDA, 2 SCL, 3 ALERT, 4 GND, 5 A0, 6 VDD.',
  'Ordering information: TPX-4410-T (tape and reel, 3000 units), TPX-4410-S (sample tube, 50 units).',
].join('\n');

describe('the shipped default model', () => {
  it('reads a long document to its third page, where it says what it is', async () => {
    const model = await TextClassifier.load(defaultModelDir);
    const [whole] = await model.classify([{ text: longStatement, filename: 'scan_0003.pdf' }]);
    expect(whole?.label).toBe('bank_statement');
    // Read only from its start (one window), the same document is not recognised.
    const startOnly = model.withManifest({ ...model.manifest, windows: 1 });
    const [start] = await startOnly.classify([{ text: longStatement, filename: 'scan_0003.pdf' }]);
    expect(start?.label).not.toBe('bank_statement');
  }, 60_000);

  it('sends an out-of-taxonomy document with business vocabulary to other or to review', async () => {
    const model = await TextClassifier.load(defaultModelDir);
    const [result] = await model.classify([{ text: datasheet, filename: 'IMG_2231.jpg' }]);
    expect(result?.label === 'other' || (result?.confidence ?? 1) < 0.6, JSON.stringify(result)).toBe(true);
  }, 60_000);
});
