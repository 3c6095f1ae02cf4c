import { type ComponentName, findRepoRoot, LocalStack, loadStackConfig } from '@docsort/local-stack';
import { printStackLog } from './stack-output.ts';

/** The native stack as the environment configures it, logging progress to the terminal. */
export function stackFromEnv(components?: readonly ComponentName[]): LocalStack {
  const config = loadStackConfig(findRepoRoot());
  return new LocalStack(config, {
    log: printStackLog,
    ...(components?.length ? { components } : {}),
  });
}
