import type { RuntimeLogger } from './runtime-observer.ts';

/** A RuntimeLogger writing one JSON object per line to stderr, until the services get pino. */
export function jsonLineLogger(service: string): RuntimeLogger {
  const write = (level: string, message: string, fields?: Record<string, unknown>) =>
    process.stderr.write(
      `${JSON.stringify({ time: new Date().toISOString(), level, service, message, ...fields })}\n`,
    );
  return {
    info: (message, fields) => write('info', message, fields),
    warn: (message, fields) => write('warn', message, fields),
    error: (message, fields) => write('error', message, fields),
  };
}
