import type { Logger } from 'pino';

/** kafkajs' log entry (its types, restated so this package does not depend on the client). */
interface KafkaLogEntry {
  readonly namespace: string;
  readonly level: number;
  readonly log: { readonly message: string; readonly [field: string]: unknown };
}

// kafkajs' logLevel: ERROR 1, WARN 2, INFO 4, DEBUG 5.
const levels: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  1: 'error',
  2: 'warn',
  4: 'info',
  5: 'debug',
};

/**
 * A kafkajs `logCreator` writing through the service's pino logger, so the client's lines share the
 * service's format, level and fields instead of kafkajs' own JSON.
 */
export function kafkajsLogCreator(logger: Logger): (level: number) => (entry: KafkaLogEntry) => void {
  const child = logger.child({ component: 'kafkajs' });
  return () =>
    ({ namespace, level, log }) => {
      const { message, timestamp: _timestamp, logger: _logger, ...fields } = log;
      child[levels[level] ?? 'info']({ ...fields, namespace }, message);
    };
}
