import { parseEnv } from '@docsort/client-config';
import { type DestinationStream, type Logger, pino } from 'pino';
import { z } from 'zod';

export type ServiceLogger = Logger;

const logEnv = z.object({
  DOCSORT_LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  /** `pretty` for people (local runs), `json` for collectors; default: pretty on a terminal, else json. */
  DOCSORT_LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
});

export interface LogSettings {
  readonly level: z.infer<typeof logEnv>['DOCSORT_LOG_LEVEL'];
  readonly format: 'json' | 'pretty';
}

export function loadLogSettings(env: NodeJS.ProcessEnv = process.env): LogSettings {
  const parsed = parseEnv(logEnv, env);
  return {
    level: parsed.DOCSORT_LOG_LEVEL,
    format: parsed.DOCSORT_LOG_FORMAT ?? (process.stderr.isTTY ? 'pretty' : 'json'),
  };
}

/**
 * Anything that looks like a credential, wherever a caller put it. Document text never reaches a log line
 * (callers log ids and counts), but a config object or an error's request options might carry a secret.
 */
export const redactedPaths = [
  'password',
  'secretKey',
  'secretAccessKey',
  'sasl.password',
  'authorization',
  'headers.authorization',
  '*.password',
  '*.secretKey',
  '*.authorization',
];

/**
 * The service's root logger: JSON lines on stderr with `service` on each (pino), or pino-pretty's output.
 * Per-record lines come from `logger.child({ documentId, correlationId, stage, topic, partition, offset })`.
 */
export function createServiceLogger(
  service: string,
  settings: LogSettings = loadLogSettings(),
  destination?: DestinationStream,
): ServiceLogger {
  const options = {
    level: settings.level,
    base: { service },
    redact: { paths: redactedPaths, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
  };
  if (destination) return pino(options, destination);
  if (settings.format === 'pretty') {
    return pino({
      ...options,
      transport: {
        target: 'pino-pretty',
        options: { destination: 2, translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname' },
      },
    });
  }
  return pino(options, pino.destination(2));
}
