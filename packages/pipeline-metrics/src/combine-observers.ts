import type { RuntimeObserver } from '@docsort/stream-runtime';

type Hook = keyof RuntimeObserver;
const hooks: readonly Hook[] = [
  'processed',
  'retried',
  'deadLettered',
  'committed',
  'paused',
  'resumed',
  'rebalanced',
];

/** One observer calling each of `observers` in turn: the runtime's metrics plus a stage's own. */
export function combineObservers(...observers: readonly RuntimeObserver[]): RuntimeObserver {
  const combined: Record<string, (event: never) => void> = {};
  for (const hook of hooks) {
    const listeners = observers.map((o) => o[hook]).filter((f) => f !== undefined) as Array<
      (event: never) => void
    >;
    if (listeners.length) {
      combined[hook] = (event: never) => {
        for (const listener of listeners) listener(event);
      };
    }
  }
  return combined as RuntimeObserver;
}
