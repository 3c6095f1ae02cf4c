import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CommandFailedError, runCommand } from './command-runner.ts';

describe('runCommand', () => {
  const dir = mkdtempSync(join(tmpdir(), 'docsort-command-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("appends the command's stdout and stderr to the log file, after what the log already held", async () => {
    const logFile = join(dir, 'logs', 'append.log');
    await runCommand('sh', ['-c', 'echo first to stdout; echo then to stderr >&2'], { logFile });
    await runCommand('sh', ['-c', 'echo second run'], { logFile });
    const log = readFileSync(logFile, 'utf8');
    expect(log).toMatch(/\$ sh -c echo first to stdout.*\nfirst to stdout\nthen to stderr\n/s);
    expect(log.indexOf('second run')).toBeGreaterThan(log.indexOf('then to stderr'));
  });

  it("fails with the exit code, the log's path and the last 20 lines of this run's output only", async () => {
    const logFile = join(dir, 'failing.log');
    writeFileSync(logFile, 'the server of an earlier start\n');
    const failure = runCommand('sh', ['-c', 'for i in $(seq 1 30); do echo "download $i"; done; exit 3'], {
      logFile,
    });
    await expect(failure).rejects.toThrow(CommandFailedError);
    const error = (await failure.catch((e: unknown) => e)) as CommandFailedError;
    expect(error.exitCode).toBe(3);
    expect(error.outputTail).toEqual(Array.from({ length: 20 }, (_, i) => `download ${i + 11}`));
    expect(error.message).toContain(`full log: ${logFile}`);
    expect(error.message).toMatch(/download 30$/);
    expect(error.message).not.toContain('download 10\n');
    expect(error.message).not.toContain('earlier start');
  });

  it('keeps secrets out of the log and the error', async () => {
    const logFile = join(dir, 'secret.log');
    const failure = runCommand('sh', ['-c', 'exit 1', 'password=hunter22'], {
      logFile,
      secrets: ['hunter22'],
    });
    await expect(failure).rejects.toThrow(/password=\*\*\*/);
    expect(readFileSync(logFile, 'utf8')).not.toContain('hunter22');
  });
});
