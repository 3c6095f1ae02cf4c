import type { Faker } from '@faker-js/faker';

// Confusions a scanner's OCR makes.
const confusions: Array<[RegExp, string]> = [
  [/rn/g, 'm'],
  [/l/g, '1'],
  [/O/g, '0'],
  [/e/g, 'c'],
  [/S/g, '5'],
  [/ /g, '  '],
];

/** Damages a few characters per line as OCR does; `rate` is the share of lines touched. */
export function addOcrNoise(lines: readonly string[], f: Faker, rate = 0.3): string[] {
  return lines.map((line) => {
    if (f.number.float() >= rate) return line;
    const [pattern, replacement] = f.helpers.arrayElement(confusions);
    let count = 0;
    return line.replace(pattern, (match) => (count++ < 2 ? replacement : match));
  });
}
