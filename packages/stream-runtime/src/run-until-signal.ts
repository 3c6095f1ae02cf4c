import type { StreamRuntime } from './stream-runtime.ts';

/**
 * Starts the runtime and stops it gracefully on SIGTERM or SIGINT (a second signal exits at once).
 * Resolves when it has stopped; rejects if the consumer crashed for good.
 */
export async function runUntilSignal<In>(runtime: StreamRuntime<In>): Promise<void> {
  let stopping: Promise<void> | undefined;
  const stopped = new Promise<void>((resolve, reject) => {
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
      stopping = runtime.stop().then(resolve, reject);
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
  await runtime.start();
  await Promise.race([stopped, runtime.crashed]);
}
