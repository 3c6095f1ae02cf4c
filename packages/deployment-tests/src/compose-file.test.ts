import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findRepoRoot, pinnedVersions } from '@docsort/local-stack';
import { createTestDirectory } from '@docsort/test-harness';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ComposeProject, ensureComposeCheck, loadComposeProject } from './compose-check.ts';

const repo = findRepoRoot();
const composeFile = join(repo, 'docker-compose.yml');
const pipeline = ['ingest', 'extract', 'classify', 'sink'];
/** One-shot jobs: they exit, so they have no health check; others wait for them to complete instead. */
const jobs = ['setup'];

let project: ComposeProject;

/** A copy of docker-compose.yml with one edit, in a fresh directory (relative paths resolve there). */
function editedComposeFile(from: string, to: string): string {
  const text = readFileSync(composeFile, 'utf8');
  expect(text, 'the edit applies').toContain(from);
  const file = join(createTestDirectory('compose'), 'docker-compose.yml');
  writeFileSync(file, text.replace(from, to));
  return file;
}

beforeAll(async () => {
  // The first run builds compose-check (compose-go from the Go module proxy); later runs reuse the binary.
  await ensureComposeCheck();
  project = await loadComposeProject(composeFile);
}, 600_000);

describe('docker-compose.yml, as Docker Compose loads it (compose-go)', () => {
  it('is a valid compose project', () => {
    expect(project.name).toBe('docsort');
    expect(Object.keys(project.services).sort()).toEqual([
      'classify',
      'extract',
      'grafana',
      'ingest',
      'kafka',
      'minio',
      'prometheus',
      'schema-registry',
      'setup',
      'sink',
    ]);
  });

  it('runs the native stack’s Kafka and registry at the pinned versions', () => {
    expect(project.services.kafka?.image).toBe(`apache/kafka:${pinnedVersions.kafka}`);
    expect(project.services['schema-registry']?.image).toBe(
      `apicurio/apicurio-registry:${pinnedVersions.apicurioRegistry}`,
    );
  });

  // Known gap, left to the stack's owner: the native stack builds MinIO from a source commit of 2026-02-12,
  // and MinIO publishes no image for it (its last community images are from 2025). When the two are aligned
  // (the native pin moved to the image's commit, or compose building MinIO from the pinned source), this
  // starts to pass and vitest reports it: drop `.fails` then.
  it.fails('runs the native stack’s MinIO build', () => {
    const commit = pinnedVersions.minio.split('-').at(-1) ?? '';
    expect(project.services.minio?.image ?? '').toContain(commit);
  });

  it('health-checks every long-running service', () => {
    for (const [name, service] of Object.entries(project.services)) {
      if (jobs.includes(name)) continue;
      expect(service.healthcheck?.test ?? [], `${name} healthcheck`).not.toHaveLength(0);
      expect(service.healthcheck?.disable, `${name} healthcheck`).not.toBe(true);
    }
  });

  it('starts each service after what it needs is healthy, and the pipeline after the setup job', () => {
    const dependencies = Object.fromEntries(
      Object.entries(project.services).map(([name, service]) => [
        name,
        Object.fromEntries(Object.entries(service.depends_on ?? {}).map(([on, d]) => [on, d.condition])),
      ]),
    );
    const healthy = 'service_healthy';
    expect(dependencies).toEqual({
      kafka: {},
      minio: {},
      prometheus: {},
      'schema-registry': { kafka: healthy },
      grafana: { prometheus: healthy },
      setup: { kafka: healthy, 'schema-registry': healthy, minio: healthy },
      ...Object.fromEntries(pipeline.map((name) => [name, { setup: 'service_completed_successfully' }])),
    });
    // compose-go accepts service_healthy on a service without a health check; `up` would then wait forever.
    for (const [name, on] of Object.entries(dependencies)) {
      for (const [target, condition] of Object.entries(on)) {
        if (condition === healthy)
          expect(project.services[target]?.healthcheck, `${name} → ${target}`).toBeDefined();
      }
    }
  });

  it('builds the four services and the setup job from the Dockerfile’s targets, the services ready on /readyz', () => {
    const targets = readFileSync(join(repo, 'Dockerfile'), 'utf8').match(/^FROM \S+ AS (\S+)$/gm) ?? [];
    for (const name of [...pipeline, 'setup']) {
      const target = project.services[name]?.build?.target ?? '';
      expect(target, name).toBe(name === 'setup' ? 'cli' : name);
      expect(
        targets.some((line) => line.endsWith(` AS ${target}`)),
        `Dockerfile target ${target}`,
      ).toBe(true);
      expect(project.services[name]?.environment?.DOCSORT_KAFKA_BROKERS, name).toBe('kafka:29092');
    }
    for (const name of pipeline) {
      expect(project.services[name]?.healthcheck?.test?.join(' '), name).toMatch(/\/readyz/);
    }
  });

  it('refuses a broken file with the loader’s message', async () => {
    const badCondition = editedComposeFile(
      'setup: { condition: service_completed_successfully }',
      'setup: { condition: service_finished }',
    );
    await expect(loadComposeProject(badCondition)).rejects.toMatchObject({
      stderr: expect.stringMatching(/depends_on\.setup\.condition/),
    });
    const unknownService = editedComposeFile(
      'setup: { condition: service_completed_successfully }',
      'set-up: { condition: service_completed_successfully }',
    );
    await expect(loadComposeProject(unknownService)).rejects.toMatchObject({
      stderr: expect.stringMatching(/set-up/),
    });
  });
});
