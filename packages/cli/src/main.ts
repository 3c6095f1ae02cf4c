import { ConfigError } from '@docsort/client-config';
import { StackConfigError } from '@docsort/local-stack';
import pc from 'picocolors';
import { docsortProgram } from './program.ts';

try {
  await docsortProgram().parseAsync(process.argv);
} catch (error) {
  // Expected failures (bad config, a port in use, a server that will not start) get their message, not a trace.
  const message = error instanceof Error ? error.message : String(error);
  console.error(pc.red(`docsort: ${message}`));
  if (!(error instanceof StackConfigError || error instanceof ConfigError) && process.env.DOCSORT_DEBUG)
    console.error(error);
  process.exitCode = 1;
}
