/** What runUntilSignal needs of a runtime, whatever its input type. */
export interface RunnableRuntime {
  start(): Promise<void>;
  stop(): Promise<void>;
  readonly crashed: Promise<never>;
}

/**
 * Starts the runtimes (a service may run several stages, e.g. the sink's three inputs) and stops them
 * gracefully on SIGTERM or SIGINT (a second signal exits at once). Resolves when all have stopped; rejects
 * if any consumer crashed for good.
 */
export async function runUntilSignal(...runtimes: readonly RunnableRuntime[]): Promise<void> {
  let stopping: Promise<void> | undefined;
  const stopped = new Promise<void>((resolve, reject) => {
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
      stopping = Promise.all(runtimes.map((runtime) => runtime.stop())).then(() => resolve(), reject);
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
  for (const runtime of runtimes) await runtime.start();
  await Promise.race([stopped, ...runtimes.map((runtime) => runtime.crashed)]);
}
