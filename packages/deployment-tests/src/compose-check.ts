import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { findRepoRoot, loadStackConfig } from '@docsort/local-stack';

const run = promisify(execFile);
const sourceDir = join(import.meta.dirname, '..', 'compose-check');
const sources = ['go.mod', 'go.sum', 'main.go'];

/**
 * The compose-check program (compose-check/main.go: compose-go, pinned in its go.mod), built once per version
 * of its sources into docsort's Go tools cache, beside the tools `ensureGoBinary` installs. `ensureGoBinary`
 * takes a published module only (`go install module@version`); this one lives here, so it is `go build`.
 */
export async function ensureComposeCheck(): Promise<string> {
  const digest = createHash('sha256');
  for (const file of sources) digest.update(readFileSync(join(sourceDir, file)));
  const binary = join(
    loadStackConfig(findRepoRoot()).cacheDir,
    'go-tools',
    `compose-check-${digest.digest('hex').slice(0, 12)}`,
    'compose-check',
  );
  if (existsSync(binary)) return binary;
  // -mod=readonly: go.sum is the pin; a build never rewrites it. No VCS stamp: the binary depends on its sources only.
  await run('go', ['build', '-mod=readonly', '-trimpath', '-buildvcs=false', '-o', binary, '.'], {
    cwd: sourceDir,
    env: { ...process.env, CGO_ENABLED: '0' },
    maxBuffer: 16 * 1024 * 1024,
  });
  return binary;
}

/** One service of a normalised compose project, as far as the checks need it. */
export interface ComposeService {
  readonly image?: string;
  readonly build?: { readonly context: string; readonly target?: string };
  readonly healthcheck?: { readonly test?: readonly string[]; readonly disable?: boolean };
  readonly depends_on?: Readonly<Record<string, { readonly condition: string; readonly required?: boolean }>>;
  readonly environment?: Readonly<Record<string, string | null>>;
  readonly restart?: string;
}

export interface ComposeProject {
  readonly name: string;
  readonly services: Readonly<Record<string, ComposeService>>;
}

/**
 * `file` loaded and validated by compose-go, the loader Docker Compose uses: the project as `docker compose
 * config` shows it (anchors merged, defaults interpolated, short forms expanded). Rejects with the loader's
 * message when Docker Compose would refuse the file.
 */
export async function loadComposeProject(file: string): Promise<ComposeProject> {
  const { stdout } = await run(await ensureComposeCheck(), [file], { maxBuffer: 16 * 1024 * 1024 });
  return JSON.parse(stdout) as ComposeProject;
}
