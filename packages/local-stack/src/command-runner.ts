import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { readLogTail } from './log-tail.ts';

export interface RunOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /**
   * Where all output goes, appended: set-up steps (Maven, `go install`, apt) print thousands of lines that
   * nobody reads unless the step fails, and then the error carries their tail.
   */
  readonly logFile: string;
  /** Arguments' substrings (passwords) shown as *** in the log and the error, which both print the command. */
  readonly secrets?: readonly string[];
}

export class CommandFailedError extends Error {
  override readonly name = 'CommandFailedError';
  constructor(
    readonly command: string,
    readonly exitCode: number | null,
    readonly logFile: string,
    readonly outputTail: readonly string[],
  ) {
    super(
      `\`${command}\` exited with ${exitCode ?? 'a signal'}; last output (full log: ${logFile}):\n    ` +
        (outputTail.length ? outputTail.join('\n    ') : '(none)'),
    );
  }
}

/** Runs a command to completion with its output appended to `logFile`; rejects with the output's tail. */
export async function runCommand(
  command: string,
  args: readonly string[],
  options: RunOptions,
): Promise<void> {
  const rendered = (options.secrets ?? []).reduce(
    (text, secret) => (secret ? text.replaceAll(secret, '***') : text),
    [command, ...args].join(' '),
  );
  mkdirSync(dirname(options.logFile), { recursive: true });
  // A header, so the log tells which step wrote what; the tail on failure starts after it.
  appendFileSync(options.logFile, `\n[${new Date().toISOString()}] $ ${rendered}\n`);
  const outputStart = statSync(options.logFile).size;
  const logFd = openSync(options.logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(command, [...args], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', logFd, logFd],
    });
  } finally {
    closeSync(logFd);
  }
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve(code));
  });
  if (exitCode !== 0) {
    const tail = readLogTail(options.logFile, 20, outputStart);
    throw new CommandFailedError(rendered, exitCode, options.logFile, tail);
  }
}
