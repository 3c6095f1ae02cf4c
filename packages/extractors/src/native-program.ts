import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PermanentError } from '@docsort/contracts';
import { msUntil } from './ocr/ocr-engine.ts';

/** A program on PATH (as `which` finds it), if any. */
export function findProgram(name: string, path = process.env.PATH ?? ''): string | undefined {
  for (const dir of path.split(':')) {
    const candidate = join(dir, name);
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Runs a native program with `input` on its stdin and returns its stdout. It is killed at `deadlineAt`, and
 * then fails as TIMEOUT: a native renderer or OCR engine must not outlive the document's budget.
 */
export function runProgram(
  binary: string,
  args: readonly string[],
  input: Buffer,
  deadlineAt: number,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      binary,
      args,
      {
        env,
        encoding: 'buffer',
        maxBuffer: 256 * 1024 * 1024,
        timeout: msUntil(deadlineAt),
        killSignal: 'SIGKILL',
      },
      (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        const name = binary.split('/').pop();
        if (error.killed) {
          return reject(
            new PermanentError('TIMEOUT', `${name} did not finish before the document's deadline`),
          );
        }
        const said = stderr.toString('utf8').trim().split('\n').slice(-2).join(' ');
        reject(new Error(`${name} failed: ${said || error.message}`));
      },
    );
    // A program that exits before reading all of its input closes the pipe: its exit code tells what happened.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(input);
  });
}
