import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { findRepoRoot, loadStackConfig } from '@docsort/local-stack';

const run = promisify(execFile);

/**
 * A Python virtual environment with `requirementsFile` installed (from PyPI), made once per distinct
 * requirements file in docsort's cache. Returns its python executable.
 */
export async function ensurePythonEnvironment(requirementsFile: string): Promise<string> {
  const requirements = readFileSync(requirementsFile, 'utf8');
  const digest = createHash('sha256').update(requirements).digest('hex').slice(0, 12);
  const dir = join(loadStackConfig(findRepoRoot()).cacheDir, 'python', digest);
  const python = join(dir, 'bin', 'python');
  const ready = join(dir, '.ready');
  if (existsSync(ready)) return python;
  await run(process.env.PYTHON ?? 'python3', ['-m', 'venv', '--clear', dir]);
  await run(
    python,
    ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '-r', requirementsFile],
    {
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  writeFileSync(ready, requirements);
  return python;
}
