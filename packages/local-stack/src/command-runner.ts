import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface RunOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Receives every output line as it comes, so a long download or build shows progress. */
  readonly onLine?: (line: string) => void;
}

export class CommandFailedError extends Error {
  override readonly name = 'CommandFailedError';
  constructor(
    readonly command: string,
    readonly exitCode: number | null,
    readonly outputTail: readonly string[],
  ) {
    super(
      `\`${command}\` exited with ${exitCode ?? 'a signal'}; last output:\n    ${outputTail.join('\n    ')}`,
    );
  }
}

/** Runs a command to completion and resolves with its output lines; rejects with the output's tail. */
export async function runCommand(
  command: string,
  args: readonly string[],
  options: RunOptions = {},
): Promise<string[]> {
  const child = spawn(command, [...args], {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const collect = (stream: NodeJS.ReadableStream) =>
    new Promise<void>((resolve) => {
      const reader = createInterface({ input: stream });
      reader.on('line', (line) => {
        lines.push(line);
        options.onLine?.(line);
      });
      reader.on('close', resolve);
    });
  const [exitCode] = await Promise.all([
    new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (code) => resolve(code));
    }),
    collect(child.stdout),
    collect(child.stderr),
  ]);
  const rendered = [command, ...args].join(' ');
  if (exitCode !== 0) throw new CommandFailedError(rendered, exitCode, lines.slice(-20));
  return lines;
}
