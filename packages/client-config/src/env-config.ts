import { z } from 'zod';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Parses `env` with `schema`; every invalid variable is reported as "VARIABLE: got X, expected Y". */
export function parseEnv<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv): z.output<S> {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => {
    const variable = String(issue.path[0]);
    const value = env[variable];
    return `${variable}: got ${value === undefined ? 'nothing' : JSON.stringify(value)}, expected ${issue.message}`;
  });
  throw new ConfigError(`invalid configuration:\n  ${lines.join('\n  ')}`);
}

const positiveWholeNumber = 'a positive whole number';

/** A positive integer variable with a default, for DOCSORT_* schemas. */
export function envPositiveInt(fallback: number) {
  return z.coerce
    .number({ message: positiveWholeNumber })
    .int(positiveWholeNumber)
    .positive(positiveWholeNumber)
    .default(fallback);
}

/** A true/false (or 1/0) variable with a default. */
export function envFlag(fallback: 'true' | 'false') {
  return z
    .enum(['true', 'false', '1', '0'], { message: 'true or false' })
    .default(fallback)
    .transform((value) => value === 'true' || value === '1');
}
