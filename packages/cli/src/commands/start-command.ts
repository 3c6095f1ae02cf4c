import { Command } from 'commander';
import pc from 'picocolors';
import { stackFromEnv } from '../stack-from-env.ts';
import { renderEndpoints, renderStatusTable } from '../stack-output.ts';

/** The README's main job. For now: the stack, up and healthy, with every endpoint printed. */
export function startCommand(): Command {
  return new Command('start')
    .description('set up and start docsort locally, then print every endpoint')
    .action(async () => {
      const started = Date.now();
      const statuses = await stackFromEnv().up();
      console.log();
      console.log(renderStatusTable(statuses));
      console.log();
      console.log(renderEndpoints(statuses));
      console.log();
      console.log(
        pc.green(`docsort's stack is up (${((Date.now() - started) / 1000).toFixed(1)}s).`) +
          ' Stop it with `pnpm docsort stack down`; logs: `pnpm docsort stack logs -f`.',
      );
    });
}
