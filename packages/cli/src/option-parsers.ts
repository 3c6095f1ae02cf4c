import { InvalidArgumentError } from 'commander';

/** Commander argument parser for options that take a positive whole number. */
export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive whole number');
  return n;
}
