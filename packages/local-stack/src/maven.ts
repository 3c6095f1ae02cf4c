import { runCommand } from './command-runner.ts';

export interface MavenOptions {
  /** Local repository: kept in docsort's cache, not ~/.m2, so `rm -rf` of the cache is a clean slate. */
  readonly localRepository: string;
  /** Maven's output, appended: a first resolution prints thousands of download lines. */
  readonly logFile: string;
  readonly cwd?: string;
}

// Two Maven processes writing one local repository at once can corrupt it: run them one after another.
let queue: Promise<unknown> = Promise.resolve();

export function runMaven(goalAndProperties: readonly string[], options: MavenOptions): Promise<void> {
  const run = () =>
    runCommand('mvn', ['-B', `-Dmaven.repo.local=${options.localRepository}`, ...goalAndProperties], {
      logFile: options.logFile,
      ...(options.cwd ? { cwd: options.cwd } : {}),
    });
  const result = queue.then(run, run);
  queue = result.catch(() => undefined);
  return result;
}
