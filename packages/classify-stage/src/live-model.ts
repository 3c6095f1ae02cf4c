import type { ServingModel } from '@docsort/text-classifier';

/**
 * The model the stage classifies with right now. Swapping replaces the reference only: a batch that already
 * took the old model finishes on it, the next batch takes the new one, so a swap drops nothing and classifies
 * nothing twice. Until a model is loaded the service is not ready, and `notReadyReason` says why.
 */
export class LiveModel {
  #current: ServingModel | undefined;
  #reason = 'no model loaded yet';
  #retired: ServingModel[] = [];

  get current(): ServingModel | undefined {
    return this.#current;
  }

  get ready(): boolean {
    return this.#current !== undefined;
  }

  get notReadyReason(): string | undefined {
    return this.#current ? undefined : this.#reason;
  }

  /** Serves `classifier` from now on; the previous model's memory is freed after `graceMs` (in-flight batches). */
  use(classifier: ServingModel, graceMs = 60_000): void {
    const previous = this.#current;
    this.#current = classifier;
    if (previous) {
      this.#retired.push(previous);
      setTimeout(() => {
        this.#retired = this.#retired.filter((m) => m !== previous);
        void previous.dispose();
      }, graceMs).unref();
    }
  }

  /** Why there is no model (nothing published, store down…), while there is none. */
  unavailable(reason: string): void {
    this.#reason = reason;
  }
}
