/**
 * One call to a dependency (the object store, the schema registry), reported when it ends: the clients take
 * an `onCall` callback of this shape, and the metrics package turns it into latency and error series.
 */
export interface DependencyCall {
  readonly operation: string;
  readonly durationMs: number;
  readonly ok: boolean;
}

export type DependencyCallListener = (call: DependencyCall) => void;

/** Runs `call`, then tells `listener` (when there is one) how long it took and whether it threw. */
export async function measuredCall<T>(
  listener: DependencyCallListener | undefined,
  operation: string,
  call: () => Promise<T>,
): Promise<T> {
  if (!listener) return call();
  const started = performance.now();
  let ok = false;
  try {
    const result = await call();
    ok = true;
    return result;
  } finally {
    listener({ operation, durationMs: performance.now() - started, ok });
  }
}
