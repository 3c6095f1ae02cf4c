import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { findRepoRoot, pinnedVersions } from '@docsort/local-stack';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';

const run = promisify(execFile);
const repo = findRepoRoot();

interface ComposeService {
  image?: string;
  build?: { context: string; target: string };
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  environment?: Record<string, string>;
}

const compose = parseYaml(readFileSync(join(repo, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
};
const pipeline = ['ingest', 'extract', 'classify', 'sink'];

const hasComposePlugin = await run('docker', ['compose', 'version']).then(
  () => true,
  () => false,
);

describe('docker-compose.yml', () => {
  it('runs the native stack’s servers at the pinned versions', () => {
    expect(compose.services.kafka?.image).toBe(`apache/kafka:${pinnedVersions.kafka}`);
    expect(compose.services['schema-registry']?.image).toBe(
      `apicurio/apicurio-registry:${pinnedVersions.apicurioRegistry}`,
    );
  });

  it('builds the four services from the Dockerfile, each health-checked on /readyz after the setup job', () => {
    const targets = readFileSync(join(repo, 'Dockerfile'), 'utf8').match(/^FROM \S+ AS (\S+)$/gm) ?? [];
    for (const name of pipeline) {
      const service = compose.services[name];
      expect(service?.build?.target, name).toBe(name);
      expect(
        targets.some((line) => line.endsWith(` AS ${name}`)),
        `Dockerfile target ${name}`,
      ).toBe(true);
      expect(service?.healthcheck?.test.join(' '), name).toMatch(/\/readyz/);
      expect(service?.depends_on?.setup?.condition, name).toBe('service_completed_successfully');
      expect(service?.environment?.DOCSORT_KAFKA_BROKERS, name).toBe('kafka:29092');
    }
    expect(compose.services.setup?.build?.target).toBe('cli');
  });

  it.skipIf(!hasComposePlugin)('is a valid compose file (docker compose config)', async () => {
    const { stderr } = await run('docker', [
      'compose',
      '-f',
      join(repo, 'docker-compose.yml'),
      'config',
      '-q',
    ]);
    expect(stderr).toBe('');
  });
});
