import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { isProcessAlive, readProcessRecord, startDetachedProcess, stopProcess } from './managed-process.ts';

describe('managed processes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'docsort-process-'));
  const pidFile = join(dir, 'server.pid');
  const logFile = join(dir, 'server.log');
  afterEach(async () => {
    const record = readProcessRecord(pidFile);
    if (record) await stopProcess(record, pidFile, 1_000);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('records the pid, sends output to the log, and stops the process', async () => {
    const { record } = startDetachedProcess({
      command: 'sh',
      args: ['-c', 'echo hello from the server; exec sleep 30'],
      cwd: dir,
      logFile,
      pidFile,
    });
    expect(readProcessRecord(pidFile)).toEqual(record);
    expect(isProcessAlive(record)).toBe(true);

    await stopProcess(record, pidFile);
    expect(isProcessAlive(record)).toBe(false);
    expect(existsSync(pidFile)).toBe(false);
    expect(readFileSync(logFile, 'utf8')).toContain('hello from the server');
  });

  it('does not mistake a different process that got the same pid for its own', () => {
    const { record } = startDetachedProcess({ command: 'sleep', args: ['30'], cwd: dir, logFile, pidFile });
    expect(record.startTicks).toBeTypeOf('number');
    expect(isProcessAlive({ ...record, startTicks: (record.startTicks ?? 0) + 1 })).toBe(false);
  });

  it('kills a process that ignores SIGTERM once the grace period is over', async () => {
    const { record } = startDetachedProcess({
      command: 'sh',
      args: ['-c', "trap '' TERM; while true; do sleep 0.1; done"],
      cwd: dir,
      logFile,
      pidFile,
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await stopProcess(record, pidFile, 300);
    expect(isProcessAlive(record)).toBe(false);
  });

  it('reports an early exit', async () => {
    const started = startDetachedProcess({
      command: 'sh',
      args: ['-c', 'exit 7'],
      cwd: dir,
      logFile,
      pidFile,
    });
    expect(await started.exited).toBe(7);
    rmSync(pidFile);
  });
});
