import { createServer } from 'node:net';
import { isAbsolute, join, relative } from 'node:path';
import { kafkaComponent } from './components/kafka.ts';
import { minioComponent } from './components/minio.ts';
import { prometheusComponent } from './components/prometheus.ts';
import { schemaRegistryComponent } from './components/schema-registry.ts';
import { findJavaRuntime, type JavaRuntime } from './java-runtime.ts';
import { readLogTail } from './log-tail.ts';
import { isProcessAlive, readProcessRecord, startDetachedProcess, stopProcess } from './managed-process.ts';
import { minimumJavaMajor } from './pinned-versions.ts';
import type { ComponentContext, ComponentName, StackComponent } from './stack-component.ts';
import type { StackConfig } from './stack-config.ts';
import { waitUntil } from './wait-until.ts';

export const componentNames: readonly ComponentName[] = ['kafka', 'schema-registry', 'minio', 'prometheus'];

/**
 * - `running`: started by this stack dir and alive;
 * - `external`: not ours, but something healthy answers on the configured port (another checkout's stack,
 *   a container), so it is used as it is and `down` leaves it alone;
 * - `stopped`: neither.
 */
export type ComponentState = 'running' | 'external' | 'stopped';

export interface ComponentStatus {
  readonly name: ComponentName;
  readonly state: ComponentState;
  readonly pid?: number;
  readonly urls: Readonly<Record<string, string>>;
  readonly logFile: string;
}

export type StackLog = (component: ComponentName, line: string) => void;

export interface LocalStackOptions {
  /** Only these components (all four by default). */
  readonly components?: readonly ComponentName[];
  readonly log?: StackLog;
}

export class StackStartError extends Error {
  override readonly name = 'StackStartError';
}

export class PortInUseError extends StackStartError {}

function createComponent(name: ComponentName, config: StackConfig): StackComponent {
  switch (name) {
    case 'kafka':
      return kafkaComponent(config);
    case 'schema-registry':
      return schemaRegistryComponent(config);
    case 'minio':
      return minioComponent(config);
    case 'prometheus':
      return prometheusComponent(config);
  }
}

async function isPortFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

function logTail(file: string, lines = 15): string {
  const tail = readLogTail(file, lines);
  return tail.length ? tail.join('\n    ') : '(no log)';
}

/** A path as short as it can be for the terminal: relative when under the working directory. */
export function shownPath(file: string): string {
  const fromCwd = relative(process.cwd(), file);
  return !fromCwd || fromCwd.startsWith('..') || isAbsolute(fromCwd) ? file : fromCwd;
}

/** The native stack of one stack dir: starts, reports and stops exactly the processes it owns. */
export class LocalStack {
  readonly components: readonly StackComponent[];
  readonly #log: StackLog;
  #java: JavaRuntime | undefined;

  constructor(
    readonly config: StackConfig,
    options: LocalStackOptions = {},
  ) {
    this.components = (options.components ?? componentNames).map((name) => createComponent(name, config));
    this.#log = options.log ?? (() => undefined);
  }

  dirOf(name: ComponentName): string {
    return join(this.config.stackDir, name);
  }

  logFileOf(name: ComponentName): string {
    return join(this.dirOf(name), `${name}.log`);
  }

  #pidFileOf(name: ComponentName): string {
    return join(this.dirOf(name), `${name}.pid`);
  }

  #context(component: StackComponent): ComponentContext {
    return {
      config: this.config,
      dir: this.dirOf(component.name),
      java: () => {
        this.#java ??= findJavaRuntime(minimumJavaMajor);
        return this.#java;
      },
      log: (line) => this.#log(component.name, line),
      logFile: this.logFileOf(component.name),
    };
  }

  #ownProcess(name: ComponentName) {
    const record = readProcessRecord(this.#pidFileOf(name));
    return record && isProcessAlive(record) ? record : undefined;
  }

  async status(): Promise<ComponentStatus[]> {
    return Promise.all(this.components.map((component) => this.#statusOf(component)));
  }

  async #statusOf(component: StackComponent): Promise<ComponentStatus> {
    const own = this.#ownProcess(component.name);
    const base = {
      name: component.name,
      urls: component.urls,
      logFile: this.logFileOf(component.name),
    };
    if (own) return { ...base, state: 'running', pid: own.pid };
    return {
      ...base,
      state: (await component.isReady()) ? 'external' : 'stopped',
    };
  }

  /**
   * Starts every component that is not already up, in parallel, and waits until each is healthy.
   * Idempotent: a running component is reused, a first start installs what it needs into the cache.
   */
  async up(): Promise<ComponentStatus[]> {
    const results = await Promise.allSettled(this.components.map((component) => this.#up(component)));
    const failures = results.flatMap((result, i) =>
      result.status === 'rejected'
        ? [`${this.components[i]?.name}: ${(result.reason as Error).message}`]
        : [],
    );
    if (failures.length)
      throw new StackStartError(`the local stack did not come up:\n  ${failures.join('\n  ')}`);
    return this.status();
  }

  async #up(component: StackComponent): Promise<void> {
    const ctx = this.#context(component);
    const own = this.#ownProcess(component.name);
    if (own) {
      ctx.log(`already running (pid ${own.pid})`);
      await this.#waitReady(component);
      return;
    }
    if (await component.isReady()) {
      ctx.log('a healthy server not started by this stack already answers on its port: using it');
      return;
    }
    for (const [variable, port] of Object.entries(component.ports)) {
      if (!(await isPortFree(this.config.host, port))) {
        throw new PortInUseError(
          `${variable}: port ${port} is taken by another process; stop it or set ${variable} to a free port`,
        );
      }
    }
    if (!component.isInstalled(ctx)) {
      // One line here, the tools' thousands in the log: a failure's error carries the log's tail.
      ctx.log(`${component.installStep} (first start, a few minutes; log: ${shownPath(ctx.logFile)})`);
      const started = Date.now();
      await component.install(ctx);
      ctx.log(`installed in ${((Date.now() - started) / 1000).toFixed(0)}s`);
    }
    const launch = await component.prepare(ctx);
    const started = Date.now();
    const child = startDetachedProcess({
      ...launch,
      cwd: ctx.dir,
      logFile: this.logFileOf(component.name),
      pidFile: this.#pidFileOf(component.name),
    });
    ctx.log(`started (pid ${child.record.pid}), waiting until it is healthy`);
    const exitedEarly = child.exited.then((code) => {
      throw new StackStartError(
        `exited with ${code ?? 'a signal'} before it was healthy; log ${this.logFileOf(component.name)}:\n    ` +
          logTail(this.logFileOf(component.name)),
      );
    });
    // Also rejects when the server exits long after it was healthy (a later `down`): nobody awaits that.
    exitedEarly.catch(() => undefined);
    try {
      await Promise.race([this.#waitReady(component), exitedEarly]);
    } catch (error) {
      await stopProcess(child.record, this.#pidFileOf(component.name), 5_000);
      throw error;
    }
    ctx.log(`healthy in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  }

  async #waitReady(component: StackComponent): Promise<void> {
    await waitUntil(() => component.isReady(), {
      timeoutMs: component.startTimeoutMs,
      intervalMs: 250,
      description: `${component.name} to be healthy (log: ${this.logFileOf(component.name)})`,
    });
  }

  /** Stops the processes this stack dir started (all components, or the named ones). Data is kept. */
  async down(names: readonly ComponentName[] = this.components.map((c) => c.name)): Promise<ComponentName[]> {
    const stopped: ComponentName[] = [];
    await Promise.all(
      names.map(async (name) => {
        const pidFile = this.#pidFileOf(name);
        const record = readProcessRecord(pidFile);
        if (!record) return;
        if (isProcessAlive(record)) {
          this.#log(name, `stopping pid ${record.pid}`);
          stopped.push(name);
        }
        await stopProcess(record, pidFile);
      }),
    );
    return stopped;
  }
}
