import type { JavaRuntime } from './java-runtime.ts';
import type { StackConfig } from './stack-config.ts';

export type ComponentName = 'kafka' | 'schema-registry' | 'minio' | 'prometheus';

export interface ComponentContext {
  readonly config: StackConfig;
  /** This component's directory under the stack dir: data/, its log and its pid file live here. */
  readonly dir: string;
  /** Resolved on first use: only the JVM components need one. */
  readonly java: () => JavaRuntime;
  /** Progress for the terminal: a line per step, never a tool's own output. */
  readonly log: (line: string) => void;
  /**
   * This component's log file, which `docsort stack logs` shows: its server writes there, and set-up
   * steps (install, storage format) append their full output there instead of the terminal.
   */
  readonly logFile: string;
}

export interface ProcessLaunch {
  readonly command: string;
  readonly args: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
}

/** One server of the native stack: how to fetch it, configure it, run it and tell that it is ready. */
export interface StackComponent {
  readonly name: ComponentName;
  /** Seconds a healthy start may take on this machine kind, cold JVM included. */
  readonly startTimeoutMs: number;
  /** The ports it binds, named by the variable that configures each one. */
  readonly ports: Readonly<Record<string, number>>;
  /** What `install` does, in one line, printed before it runs (e.g. "building X with go install"). */
  readonly installStep: string;
  /** True when everything `install` fetches or builds is already in the cache. */
  isInstalled(ctx: ComponentContext): boolean;
  /** Downloads or builds into the cache, with the tools' output appended to `ctx.logFile`. */
  install(ctx: ComponentContext): Promise<void>;
  /** Writes config and initialises storage (idempotent: existing data is kept); returns what to run. */
  prepare(ctx: ComponentContext): Promise<ProcessLaunch>;
  isReady(): Promise<boolean>;
  /** Human-facing addresses, printed by `docsort stack status`. */
  readonly urls: Readonly<Record<string, string>>;
}
