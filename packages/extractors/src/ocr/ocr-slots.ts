import { availableParallelism } from 'node:os';

/**
 * How many pages are being read at once, shared by every extraction thread of a process: native Tesseract
 * runs as child processes, so without one counter two threads with a long scan each would start a
 * process per page and the cores would thrash. The counter lives in a SharedArrayBuffer, which worker
 * threads share rather than copy.
 */
export class OcrSlots {
  /** [pages being read, most read at once so far]. */
  readonly #count: Int32Array;
  readonly #max: number;

  constructor(readonly shared: { readonly buffer: SharedArrayBuffer; readonly max: number }) {
    this.#count = new Int32Array(shared.buffer);
    this.#max = shared.max;
  }

  static create(max = availableParallelism()): OcrSlots {
    return new OcrSlots({ buffer: new SharedArrayBuffer(8), max });
  }

  /** Runs `task` when a slot is free, and frees it afterwards. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    await this.#acquire();
    try {
      return await task();
    } finally {
      Atomics.sub(this.#count, 0, 1);
      Atomics.notify(this.#count, 0, 1);
    }
  }

  /** The most pages read at once since the slots were made. */
  get peak(): number {
    return Atomics.load(this.#count, 1);
  }

  #notePeak(reading: number): void {
    for (let peak = Atomics.load(this.#count, 1); reading > peak; peak = Atomics.load(this.#count, 1)) {
      if (Atomics.compareExchange(this.#count, 1, peak, reading) === peak) return;
    }
  }

  async #acquire(): Promise<void> {
    for (;;) {
      const taken = Atomics.load(this.#count, 0);
      if (taken < this.#max) {
        if (Atomics.compareExchange(this.#count, 0, taken, taken + 1) === taken) {
          this.#notePeak(taken + 1);
          return;
        }
        continue;
      }
      await Atomics.waitAsync(this.#count, 0, taken).value;
    }
  }
}
