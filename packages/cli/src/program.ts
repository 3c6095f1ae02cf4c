import { Command } from 'commander';
import { startCommand } from './commands/start-command.ts';
import { stackCommand } from './commands/stack-command.ts';

export function docsortProgram(): Command {
  return new Command('docsort')
    .description('docsort: classify documents by content, at Kafka scale')
    .showHelpAfterError()
    .addCommand(startCommand())
    .addCommand(stackCommand());
}
