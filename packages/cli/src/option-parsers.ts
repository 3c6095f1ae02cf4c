import { InvalidArgumentError, Option } from 'commander';

/** Commander argument parser for options that take a positive whole number. */
export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive whole number');
  return n;
}

/** `--taxonomy <file>`, the same for every command that reads the taxonomy. */
export function taxonomyOption(): Option {
  return new Option(
    '--taxonomy <file>',
    'taxonomy file (default: DOCSORT_TAXONOMY_FILE, or the shipped one)',
  );
}

/** Commander argument parser for a confidence or a rate: a number from 0 to 1. */
export function confidence(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new InvalidArgumentError('expected a number from 0 to 1');
  return n;
}

/** Commander argument parser for options that take a whole number, 0 included. */
export function wholeNumber(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number (0 or more)');
  return n;
}
