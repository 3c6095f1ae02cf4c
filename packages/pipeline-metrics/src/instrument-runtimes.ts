import type { Kafka } from 'kafkajs';
import type { Registry } from 'prom-client';
import { trackConsumerLag } from './consumer-lag.ts';
import { type InFlightSource, trackInFlight } from './runtime-metrics.ts';

/** What the scrape-time gauges read from a running StreamRuntime. */
export interface InstrumentedRuntime extends InFlightSource {
  readonly groupId: string;
  readonly inputTopic: string;
}

/**
 * The gauges a service's runtimes share: records in flight and each consumer group's lag on its input topic.
 * `close()` releases the admin connection lag is read through.
 */
export function instrumentRuntimes(
  registry: Registry,
  kafka: Kafka,
  runtimes: readonly InstrumentedRuntime[],
): { close(): Promise<void> } {
  trackInFlight(registry, runtimes);
  return trackConsumerLag(
    registry,
    kafka,
    runtimes.map((r) => ({ groupId: r.groupId, topic: r.inputTopic })),
  );
}
