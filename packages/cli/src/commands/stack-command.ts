import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import {
  type ComponentName,
  componentNames,
  findRepoRoot,
  loadStackConfig,
  stopPipelineServices,
} from '@docsort/local-stack';
import { Argument, Command, InvalidArgumentError, Option } from 'commander';
import { stackFromEnv } from '../stack-from-env.ts';
import { renderEndpoints, renderStatusTable } from '../stack-output.ts';

const componentsArgument = () =>
  new Argument('[components...]', `any of: ${componentNames.join(', ')} (default: all)`).argParser(
    (value: string, previous: ComponentName[] = []) => {
      if (!componentNames.includes(value as ComponentName)) {
        throw new InvalidArgumentError(`expected one of ${componentNames.join(', ')}`);
      }
      return [...previous, value as ComponentName];
    },
  );

export function stackCommand(): Command {
  const stack = new Command('stack').description(
    'run the real infrastructure (Kafka, schema registry, MinIO, Prometheus) as local processes, no Docker needed',
  );

  stack
    .command('up')
    .description('start the stack (installs into the cache on first run); already running parts are reused')
    .addArgument(componentsArgument())
    .action(async (components: ComponentName[] | undefined) => {
      const statuses = await stackFromEnv(components).up();
      console.log(renderStatusTable(statuses));
      console.log();
      console.log(renderEndpoints(statuses));
    });

  stack
    .command('down')
    .description(
      'stop what `stack up` (and `docsort start`: the services first) started in this stack dir; data is kept',
    )
    .addArgument(componentsArgument())
    .action(async (components: ComponentName[] | undefined) => {
      // The services depend on every component: whole-stack down stops them first.
      const services = components?.length ? 0 : await stopPipelineServices(loadStackConfig(findRepoRoot()));
      const stopped = await stackFromEnv(components).down();
      if (services) console.log(`stopped ${services} service process(es)`);
      console.log(stopped.length ? `stopped: ${stopped.join(', ')}` : 'nothing was running');
    });

  stack
    .command('status')
    .description('show which components run, their pids and endpoints')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const statuses = await stackFromEnv().status();
      if (options.json) {
        console.log(JSON.stringify(statuses, null, 2));
        return;
      }
      // Lets scripts ask "is everything up?" without parsing the table.
      console.log(renderStatusTable(statuses));
      console.log();
      console.log(renderEndpoints(statuses));
      if (statuses.some((s) => s.state === 'stopped')) process.exitCode = 3;
    });

  stack
    .command('logs')
    .description("print the components' logs")
    .addArgument(componentsArgument())
    .option('-f, --follow', 'keep printing as the logs grow')
    .addOption(new Option('-n, --lines <count>', 'lines from the end of each log').default('50'))
    .action((components: ComponentName[] | undefined, options: { follow?: boolean; lines: string }) => {
      const stack = stackFromEnv(components);
      const files = stack.components.map((c) => stack.logFileOf(c.name)).filter((file) => existsSync(file));
      if (files.length === 0) {
        console.error('no logs yet: run `docsort stack up` first');
        process.exitCode = 1;
        return;
      }
      const tail = spawn('tail', ['-n', options.lines, ...(options.follow ? ['-F'] : []), ...files], {
        stdio: 'inherit',
      });
      return new Promise<void>((resolve) => tail.once('close', () => resolve()));
    });

  return stack;
}
