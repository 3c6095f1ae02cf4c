import type { Extracted } from './measure.ts';

/** An extraction engine under measurement: its process (for CPU) and how it extracts one document. */
export interface Engine {
  readonly pid: number;
  readonly extract: (doc: Buffer) => Promise<Extracted>;
}

export interface Engines {
  readonly docsort: Engine;
  readonly tika: Engine;
  readonly concurrency: number;
}

export interface ProfileResult {
  /** The results' file name under .stack/bench-results (JSON and Markdown). */
  readonly name: string;
  readonly report: Record<string, unknown>;
  readonly markdown: string;
}

export const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
