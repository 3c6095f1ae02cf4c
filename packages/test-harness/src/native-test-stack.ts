import { findRepoRoot, LocalStack, loadStackConfig, nativeStackEndpoints } from '@docsort/local-stack';
import type { StartedTestStack } from './test-stack.ts';

/**
 * The native stack of this checkout, started if it is not running. What this run started, it stops again
 * at the end (DOCSORT_KEEP_STACK=1 keeps it, for quick re-runs); what was already running stays.
 */
export async function startNativeTestStack(log: (line: string) => void): Promise<StartedTestStack> {
  const config = loadStackConfig(findRepoRoot());
  const stack = new LocalStack(config, {
    log: (component, line) => log(`[${component}] ${line}`),
  });
  const before = await stack.status();
  const startedByUs = before.filter((status) => status.state === 'stopped').map((status) => status.name);
  await stack.up();
  return {
    kind: 'native',
    endpoints: nativeStackEndpoints(config),
    async stop() {
      if (process.env.DOCSORT_KEEP_STACK === '1' || startedByUs.length === 0) return;
      // Quietly: the test runner's summary must stay the last lines of the run's output.
      await new LocalStack(config).down(startedByUs);
    },
  };
}
