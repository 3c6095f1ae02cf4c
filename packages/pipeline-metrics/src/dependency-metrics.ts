import type { DependencyCallListener } from '@docsort/contracts';
import type { Registry } from 'prom-client';
import { family, latencyBuckets } from './metric-family.ts';

/**
 * docsort_dependency_request_duration_seconds{dependency,operation,outcome}: latency and (by outcome) errors
 * of calls to the object store and the schema registry. Give it to the clients as their `onCall`.
 */
export function dependencyCallRecorder(registry: Registry, dependency: string): DependencyCallListener {
  const duration = family(registry, 'histogram', {
    name: 'docsort_dependency_request_duration_seconds',
    help: 'Calls to a dependency (object-store, schema-registry): duration, by operation and outcome.',
    labelNames: ['dependency', 'operation', 'outcome'],
    buckets: latencyBuckets,
  });
  return ({ operation, durationMs, ok }) =>
    duration.observe({ dependency, operation, outcome: ok ? 'ok' : 'error' }, durationMs / 1000);
}
