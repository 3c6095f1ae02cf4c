import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { apiKeysCommand } from './commands/api-keys-command.ts';
import { classifyCommand } from './commands/classify-command.ts';
import { documentsCommand } from './commands/documents-command.ts';
import { evalCommand } from './commands/eval-command.ts';
import { examplesCommand } from './commands/examples-command.ts';
import { labelsCommand } from './commands/labels-command.ts';
import { modelsCommand } from './commands/models-command.ts';
import { setupCommand } from './commands/setup-command.ts';
import { stackCommand } from './commands/stack-command.ts';
import { startCommand } from './commands/start-command.ts';
import { synthCommand } from './commands/synth-command.ts';
import { topicsCommand } from './commands/topics-command.ts';
import { trainCommand } from './commands/train-command.ts';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

export function docsortProgram(): Command {
  return (
    new Command('docsort')
      .description('docsort: classify documents by content, at Kafka scale')
      .version(version)
      // Program options only before a command: `train --version 2026.11.22` names the model's version, it
      // must not print docsort's.
      .enablePositionalOptions()
      .showHelpAfterError()
      .addCommand(startCommand())
      .addCommand(stackCommand())
      .addCommand(setupCommand())
      .addCommand(topicsCommand())
      .addCommand(synthCommand())
      .addCommand(trainCommand())
      .addCommand(classifyCommand())
      .addCommand(evalCommand())
      .addCommand(labelsCommand())
      .addCommand(examplesCommand())
      .addCommand(modelsCommand())
      .addCommand(apiKeysCommand())
      .addCommand(documentsCommand())
  );
}
