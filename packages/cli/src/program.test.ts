import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { docsortProgram } from './program.ts';

/** The program with its output captured and exits thrown, so a test can see what a command line does. */
function capturedProgram(): { program: Command; output: string[] } {
  const output: string[] = [];
  const program = docsortProgram()
    .exitOverride()
    .configureOutput({ writeOut: (text) => output.push(text), writeErr: (text) => output.push(text) });
  return { program, output };
}

describe('the docsort command line', () => {
  it('prints its own version for --version before a command', async () => {
    const { program, output } = capturedProgram();
    await expect(program.parseAsync(['--version'], { from: 'user' })).rejects.toMatchObject({
      code: 'commander.version',
    });
    expect(output.join('')).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it("leaves a command's own --version to the command (train --version names the model's version)", async () => {
    const { program, output } = capturedProgram();
    let seen: Record<string, unknown> | undefined;
    program.commands
      .find((command) => command.name() === 'train')
      ?.action((options: Record<string, unknown>) => {
        seen = options;
      });
    await program.parseAsync(['train', '--offline', '--out', 'model', '--version', '2026.11.22.4'], {
      from: 'user',
    });
    expect(seen).toMatchObject({ version: '2026.11.22.4', offline: true, out: 'model' });
    expect(output).toEqual([]);
  });
});
