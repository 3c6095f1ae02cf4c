import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCommand } from '../command-runner.ts';
import { httpOk } from '../http-probe.ts';
import { runMaven } from '../maven.ts';
import { pinnedVersions } from '../pinned-versions.ts';
import type { StackComponent } from '../stack-component.ts';
import type { StackConfig } from '../stack-config.ts';

/** The Confluent-compatible API of Apicurio Registry: what Confluent serializers call `schema.registry.url`. */
export function confluentCompatibleUrl(config: StackConfig): string {
  return `http://${config.host}:${config.registry.port}/apis/ccompat/v7`;
}

/**
 * Apicurio Registry, used through its Confluent-compatible API. Storage is an H2 database in a file under
 * the stack dir, so schema ids stay valid across restarts, like the broker's data that refers to them.
 */
export function schemaRegistryComponent(config: StackConfig): StackComponent {
  const version = pinnedVersions.apicurioRegistry;
  const installDir = join(config.cacheDir, 'apicurio-registry', version);
  const distDir = join(installDir, 'dist');
  const installedMarker = join(installDir, '.installed');
  const ccompatUrl = confluentCompatibleUrl(config);

  return {
    name: 'schema-registry',
    installStep: `fetching io.apicurio:apicurio-registry-app:${version} (all.tar.gz) with Maven and unpacking it`,
    startTimeoutMs: 120_000,
    ports: {
      DOCSORT_REGISTRY_PORT: config.registry.port,
      DOCSORT_REGISTRY_MANAGEMENT_PORT: config.registry.managementPort,
    },
    urls: {
      'Confluent-compatible API': ccompatUrl,
      'Apicurio API': `http://${config.host}:${config.registry.port}/apis/registry/v3`,
      metrics: `http://${config.host}:${config.registry.managementPort}/metrics`,
    },

    isInstalled: () => existsSync(installedMarker) && existsSync(join(distDir, 'quarkus-run.jar')),

    async install(ctx) {
      mkdirSync(distDir, { recursive: true });
      await runMaven(
        [
          'dependency:copy',
          `-Dartifact=io.apicurio:apicurio-registry-app:${version}:tar.gz:all`,
          `-DoutputDirectory=${installDir}`,
        ],
        {
          localRepository: join(config.cacheDir, 'm2'),
          logFile: ctx.logFile,
          cwd: installDir,
        },
      );
      await runCommand(
        'tar',
        ['-xzf', join(installDir, `apicurio-registry-app-${version}-all.tar.gz`), '-C', distDir],
        { logFile: ctx.logFile },
      );
      writeFileSync(installedMarker, `${new Date().toISOString()}\n`);
    },

    async prepare(ctx) {
      const dataDir = join(ctx.dir, 'data');
      mkdirSync(dataDir, { recursive: true });
      const { host } = config;
      return {
        command: ctx.java().javaBin,
        args: [
          `-Xmx${config.jvmHeap}`,
          '-Djava.awt.headless=true',
          `-Dquarkus.http.host=${host}`,
          `-Dquarkus.http.port=${config.registry.port}`,
          // Its management interface defaults to port 9000, MinIO's port.
          `-Dquarkus.management.host=${host}`,
          `-Dquarkus.management.port=${config.registry.managementPort}`,
          '-Dquarkus.log.console.color=false',
          '-Dapicurio.storage.kind=sql',
          '-Dapicurio.storage.sql.kind=h2',
          `-Dapicurio.datasource.url=jdbc:h2:file:${join(dataDir, 'registry')}`,
          // Deleting subjects is off by default in Apicurio 3; tests clean up the subjects they create.
          '-Dapicurio.rest.deletion.artifact.enabled=true',
          '-Dapicurio.rest.deletion.artifact-version.enabled=true',
          '-Dapicurio.rest.deletion.group.enabled=true',
          '-jar',
          join(distDir, 'quarkus-run.jar'),
        ],
        env: { ...process.env, JAVA_HOME: ctx.java().home },
      };
    },

    isReady: () => httpOk(`${ccompatUrl}/subjects`),
  };
}
