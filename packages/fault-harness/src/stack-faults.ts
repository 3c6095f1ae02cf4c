import {
  type ComponentName,
  findRepoRoot,
  LocalStack,
  loadStackConfig,
  waitUntil,
} from '@docsort/local-stack';

/**
 * Stops and starts components of the native stack the tests run on (Kafka, the registry, MinIO), as an
 * outage would: the process is stopped (SIGTERM, then SIGKILL), later started again with its data.
 */
export class StackFaults {
  readonly #stack = new LocalStack(loadStackConfig(findRepoRoot()));

  async stop(component: ComponentName): Promise<void> {
    await this.#stack.down([component]);
    const status = await this.#stack.status();
    const state = status.find((s) => s.name === component)?.state;
    if (state !== 'stopped') throw new Error(`${component} is ${state} after stopping it`);
  }

  async start(component: ComponentName): Promise<void> {
    await this.#stack.up();
    await waitUntil(
      async () => (await this.#stack.status()).find((s) => s.name === component)?.state === 'running',
      { timeoutMs: 120_000, description: `${component} to run again` },
    );
  }

  /** Stops `component` for `downMs`, then starts it again. */
  async outage(component: ComponentName, downMs: number): Promise<void> {
    await this.stop(component);
    await new Promise((resolve) => setTimeout(resolve, downMs));
    await this.start(component);
  }
}
