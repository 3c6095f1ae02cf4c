import { createServiceLogger, type ServiceLogger } from '@docsort/service-logging';

/**
 * Runs a service's body with its logger; a failure (a bad setting, an unreachable dependency at start-up)
 * is logged with its reason and the process exits non-zero instead of printing a stack trace.
 */
export async function runService(
  name: string,
  body: (logger: ServiceLogger) => Promise<void>,
): Promise<void> {
  const logger = createServiceLogger(name);
  try {
    await body(logger);
    logger.info({}, `${name} service stopped`);
  } catch (error) {
    logger.error({ err: error }, `${name} service failed`);
    process.exitCode = 1;
  }
}
