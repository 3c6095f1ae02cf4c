import { collectDefaultMetrics, Registry } from 'prom-client';

export interface ServiceMetrics {
  readonly registry: Registry;
  /** The exposition for `GET /metrics`. */
  scrape(): Promise<{ contentType: string; body: string }>;
}

/**
 * A registry for one service: every series carries `service`, plus Node's process metrics (CPU, RSS, heap,
 * event-loop lag, GC) — the saturation half of the per-service dashboard.
 */
export function createServiceMetrics(service: string): ServiceMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    scrape: async () => ({ contentType: registry.contentType, body: await registry.metrics() }),
  };
}
