import { type InstrumentedRuntime, instrumentRuntimes } from '@docsort/pipeline-metrics';
import {
  dependencyChecks,
  kafkaCheck,
  loadHealthPort,
  type ReadinessCheck,
  startHealthServer,
} from '@docsort/service-health';
import type { ServiceContext } from './service-context.ts';

/**
 * `/healthz`, `/readyz` (Kafka, schema registry, object store, plus `checks`) and `/metrics` on
 * DOCSORT_HEALTH_PORT, and the scrape-time gauges of `runtimes` (in flight, consumer lag).
 */
export async function serveOperationsEndpoints(
  context: ServiceContext,
  options: {
    readonly defaultPort: number;
    readonly runtimes: readonly InstrumentedRuntime[];
    readonly checks?: Readonly<Record<string, ReadinessCheck>>;
  },
): Promise<{ url: string; close(): Promise<void> }> {
  const kafka = kafkaCheck(context.kafka);
  const gauges = instrumentRuntimes(context.metrics.registry, context.kafka, options.runtimes);
  const server = await startHealthServer(
    loadHealthPort(options.defaultPort),
    {
      ...dependencyChecks(context.store, context.registry, kafka.check),
      ...options.checks,
    },
    context.metrics.scrape,
  );
  context.logger.info(
    { healthz: `${server.url}/healthz`, readyz: `${server.url}/readyz`, metrics: `${server.url}/metrics` },
    'operations endpoints',
  );
  return {
    url: server.url,
    async close() {
      await server.close();
      await gauges.close();
      await kafka.close();
    },
  };
}
