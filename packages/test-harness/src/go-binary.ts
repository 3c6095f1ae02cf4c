import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { findRepoRoot, loadStackConfig } from '@docsort/local-stack';

const run = promisify(execFile);

/**
 * A Go command-line tool built once from the Go module proxy at a pinned version (`go install
 * <module>@<version>`) into docsort's cache, e.g. helm for the chart tests. Returns the binary's path.
 */
export async function ensureGoBinary(modulePath: string, version: string): Promise<string> {
  const name = modulePath.split('/').at(-1) ?? modulePath;
  const dir = join(loadStackConfig(findRepoRoot()).cacheDir, 'go-tools', `${name}-${version}`);
  const binary = join(dir, name);
  if (existsSync(binary)) return binary;
  await run('go', ['install', `${modulePath}@${version}`], {
    env: { ...process.env, GOBIN: dir, CGO_ENABLED: '0', GOFLAGS: '-trimpath' },
    maxBuffer: 16 * 1024 * 1024,
  });
  return binary;
}
