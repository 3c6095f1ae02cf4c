import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

type Kind = 'counter' | 'gauge' | 'histogram';
type MetricOf<K extends Kind> = K extends 'counter'
  ? Counter<string>
  : K extends 'gauge'
    ? Gauge<string>
    : Histogram<string>;

export interface FamilySpec {
  readonly name: string;
  readonly help: string;
  readonly labelNames?: readonly string[];
  readonly buckets?: readonly number[];
  readonly collect?: (this: Gauge<string>) => void | Promise<void>;
}

/**
 * The family `name` in `registry`, created on first use: several instrumenters (two runtimes in one
 * service, the object store and the registry client) share one family, and prom-client refuses a second
 * registration of a name.
 */
export function family<K extends Kind>(registry: Registry, kind: K, spec: FamilySpec): MetricOf<K> {
  const existing = registry.getSingleMetric(spec.name);
  if (existing) return existing as MetricOf<K>;
  const config = {
    name: spec.name,
    help: spec.help,
    labelNames: [...(spec.labelNames ?? [])],
    registers: [registry],
  };
  if (kind === 'counter') return new Counter(config) as MetricOf<K>;
  if (kind === 'gauge')
    return new Gauge({ ...config, ...(spec.collect ? { collect: spec.collect } : {}) }) as MetricOf<K>;
  return new Histogram({ ...config, ...(spec.buckets ? { buckets: [...spec.buckets] } : {}) }) as MetricOf<K>;
}

/** Seconds, from 1 ms to 1 min: stage work, end-to-end latency, calls to dependencies. */
export const latencyBuckets = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
