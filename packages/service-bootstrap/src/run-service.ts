import { createServiceLogger, type ServiceLogger } from '@docsort/service-logging';

/**
 * Runs a service's body with its logger; a failure (a bad setting, an unreachable dependency at start-up)
 * — or a consumer stopped for good while running — is logged with its reason and the process exits non-zero,
 * instead of printing a stack trace or lingering.
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
    // What the body had started (operations endpoints, the model watcher) would keep the process alive,
    // healthy to look at and consuming nothing: exit, so that the orchestrator starts it again.
    process.exit(1);
  }
}
