import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCommand } from '../command-runner.ts';
import { httpOk } from '../http-probe.ts';
import type { StackComponent } from '../stack-component.ts';
import type { StackConfig } from '../stack-config.ts';

const debianBinary = '/usr/bin/prometheus';

/** Debian's prometheus (or one on PATH); promtool is installed beside it. */
export function findPrometheus(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    const candidate = join(dir, 'prometheus');
    if (dir && existsSync(candidate)) return candidate;
  }
  return existsSync(debianBinary) ? debianBinary : undefined;
}

/** Scrape targets of the native stack, as Prometheus file_sd groups; the services add theirs later. */
function localTargets(config: StackConfig): Record<string, unknown[]> {
  const { host } = config;
  return {
    'prometheus.json': [
      {
        targets: [`${host}:${config.prometheus.port}`],
        labels: { component: 'prometheus' },
      },
    ],
    'minio.json': [
      {
        targets: [`${host}:${config.minio.port}`],
        labels: { component: 'minio' },
      },
    ],
    'schema-registry.json': [
      {
        targets: [`${host}:${config.registry.managementPort}`],
        labels: { component: 'schema-registry' },
      },
    ],
  };
}

/**
 * Prometheus from Debian's package, run with the project's config from deploy/prometheus/. That config finds
 * its targets through file_sd files in targets/ beside it; the native stack writes those for its own ports.
 */
export function prometheusComponent(config: StackConfig): StackComponent {
  const url = `http://${config.host}:${config.prometheus.port}`;
  const apt = process.getuid?.() === 0 ? ['apt-get'] : ['sudo', '-n', 'apt-get'];
  return {
    name: 'prometheus',
    installStep: `installing Debian's prometheus package with ${apt.join(' ')}`,
    startTimeoutMs: 60_000,
    ports: { DOCSORT_PROMETHEUS_PORT: config.prometheus.port },
    urls: { UI: url, targets: `${url}/targets` },

    isInstalled: () => findPrometheus() !== undefined,

    async install(ctx) {
      const [command = 'apt-get', ...prefix] = apt;
      const options = { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, logFile: ctx.logFile };
      try {
        await runCommand(command, [...prefix, 'update', '-q'], options);
        await runCommand(
          command,
          [...prefix, 'install', '-y', '-q', '--no-install-recommends', 'prometheus'],
          options,
        );
      } catch (error) {
        // The way out first; then apt's own words (sudo wanting a password, a missing package).
        throw new Error(
          "could not install Prometheus: install Debian's 'prometheus' package yourself, or put a prometheus " +
            `binary on PATH. ${(error as Error).message}`,
          { cause: error },
        );
      }
    },

    async prepare(ctx) {
      const configDir = join(ctx.dir, 'config');
      const targetsDir = join(configDir, 'targets');
      mkdirSync(targetsDir, { recursive: true });
      cpSync(join(config.repoDir, 'deploy', 'prometheus'), configDir, {
        recursive: true,
      });
      for (const [file, groups] of Object.entries(localTargets(config))) {
        writeFileSync(join(targetsDir, file), `${JSON.stringify(groups, null, 2)}\n`);
      }
      const binary = findPrometheus();
      if (!binary) throw new Error('prometheus binary not found after install');
      return {
        command: binary,
        args: [
          `--config.file=${join(configDir, 'prometheus.yml')}`,
          `--storage.tsdb.path=${join(ctx.dir, 'data')}`,
          `--web.listen-address=${config.host}:${config.prometheus.port}`,
          '--web.enable-lifecycle',
        ],
      };
    },

    isReady: () => httpOk(`${url}/-/ready`),
  };
}
