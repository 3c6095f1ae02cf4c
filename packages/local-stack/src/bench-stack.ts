import { LocalStack, type LocalStackOptions } from './local-stack.ts';
import { findRepoRoot } from './repo-root.ts';
import { loadStackConfig } from './stack-config.ts';
import { nativeStackEndpoints, type StackEndpoints } from './stack-endpoints.ts';

/**
 * The native stack of this checkout for a `pnpm bench:*` run: brought up (a running one is reused as it is),
 * with its endpoints. The stack itself is returned too: benchmarks measure its servers' CPU by pid.
 */
export async function startBenchStack(
  options: Pick<LocalStackOptions, 'log'> = {},
): Promise<{ readonly stack: LocalStack; readonly endpoints: StackEndpoints }> {
  const config = loadStackConfig(findRepoRoot());
  const stack = new LocalStack(config, options);
  await stack.up();
  return { stack, endpoints: nativeStackEndpoints(config) };
}
