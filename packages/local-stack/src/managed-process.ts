import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { waitUntil } from './wait-until.ts';

/** What a pid file records: enough to tell our process from an unrelated one that got the same pid later. */
export interface ProcessRecord {
  readonly pid: number;
  /** Start time in clock ticks since boot (/proc/<pid>/stat field 22); null where /proc does not exist. */
  readonly startTicks: number | null;
  readonly command: string;
  readonly startedAt: string;
}

export interface ProcessSpec {
  readonly command: string;
  readonly args: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly logFile: string;
  readonly pidFile: string;
}

export interface StartedProcess {
  readonly record: ProcessRecord;
  /** Resolves with the exit code if the process ends while this Node process still watches it. */
  readonly exited: Promise<number | null>;
}

function processStartTicks(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces and parentheses: count fields after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[19]);
  } catch {
    return null;
  }
}

export function readProcessRecord(pidFile: string): ProcessRecord | undefined {
  if (!existsSync(pidFile)) return undefined;
  try {
    return JSON.parse(readFileSync(pidFile, 'utf8')) as ProcessRecord;
  } catch {
    return undefined;
  }
}

export function isProcessAlive(record: ProcessRecord): boolean {
  try {
    process.kill(record.pid, 0);
  } catch {
    // ESRCH: gone. EPERM: the pid exists but belongs to another user, so it is not ours either.
    return false;
  }
  if (record.startTicks === null) return true;
  return processStartTicks(record.pid) === record.startTicks;
}

/**
 * Starts a server detached in its own process group, so it outlives the CLI that started it and `stop`
 * can signal the whole group. Output goes to `logFile`; the pid file is written before this returns.
 */
export function startDetachedProcess(spec: ProcessSpec): StartedProcess {
  mkdirSync(dirname(spec.logFile), { recursive: true });
  mkdirSync(dirname(spec.pidFile), { recursive: true });
  const logFd = openSync(spec.logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(spec.command, [...spec.args], {
      cwd: spec.cwd,
      env: spec.env ?? process.env,
      detached: true,
      stdio: ['ignore', logFd, logFd],
    });
  } finally {
    closeSync(logFd);
  }
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${spec.command}: spawn returned no pid`);
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.once('error', () => resolve(null));
  });
  child.unref();
  const record: ProcessRecord = {
    pid,
    startTicks: processStartTicks(pid),
    command: [spec.command, ...spec.args].join(' '),
    startedAt: new Date().toISOString(),
  };
  writeFileSync(spec.pidFile, `${JSON.stringify(record, null, 2)}\n`);
  return { record, exited };
}

/** SIGTERM to the process group, then SIGKILL if it is still there after `graceMs`. Removes the pid file. */
export async function stopProcess(record: ProcessRecord, pidFile: string, graceMs = 20_000): Promise<void> {
  if (isProcessAlive(record)) {
    signalGroup(record.pid, 'SIGTERM');
    const stopped = await waitUntil(() => !isProcessAlive(record), {
      timeoutMs: graceMs,
      intervalMs: 100,
      description: `pid ${record.pid} to exit`,
    }).then(
      () => true,
      () => false,
    );
    if (!stopped) {
      signalGroup(record.pid, 'SIGKILL');
      await waitUntil(() => !isProcessAlive(record), {
        timeoutMs: 5_000,
        intervalMs: 100,
        description: `pid ${record.pid} to exit after SIGKILL`,
      });
    }
  }
  rmSync(pidFile, { force: true });
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Not a group leader (or already gone): signal the process itself.
    try {
      process.kill(pid, signal);
    } catch {
      /* already gone */
    }
  }
}
