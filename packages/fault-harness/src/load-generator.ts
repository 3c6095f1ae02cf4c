import { setTimeout as sleep } from 'node:timers/promises';
import type { CorpusDocument } from './fault-corpus.ts';

export interface Submission {
  readonly documentId: string;
  readonly submittedAt: number;
  /** 503s answered before the upload was accepted (the client waited Retry-After and tried again). */
  readonly refusals: number;
}

export interface LoadReport {
  readonly submitted: readonly Submission[];
  /** Uploads answered with anything but 202 or 503 (a 500 counts here: never acceptable). */
  readonly unexpected: ReadonlyArray<{ status: number; body: string }>;
  readonly refusals: number;
  /** Upload attempts the API did not answer at all (connection refused or reset). */
  readonly unanswered: number;
}

/**
 * Uploads documents over HTTP at a fixed rate, as a well-behaved client does: a 503 is waited out (its
 * Retry-After, at most 5 s) and the same file sent again, so every document is eventually accepted once.
 */
export class LoadGenerator {
  readonly #submitted: Submission[] = [];
  readonly #unexpected: Array<{ status: number; body: string }> = [];
  #refusals = 0;
  #unanswered = 0;
  #running: Promise<void> | undefined;
  #stop = false;

  constructor(
    readonly apiUrl: string,
    readonly corpus: readonly CorpusDocument[],
    readonly perSecond: number,
  ) {}

  get submitted(): readonly Submission[] {
    return this.#submitted;
  }

  start(): this {
    this.#running = this.#run();
    return this;
  }

  /** Stops sending new documents (the one in hand is finished) and reports. */
  async stop(): Promise<LoadReport> {
    this.#stop = true;
    await this.#running;
    return {
      submitted: this.#submitted,
      unexpected: this.#unexpected,
      refusals: this.#refusals,
      unanswered: this.#unanswered,
    };
  }

  async #run(): Promise<void> {
    const interval = 1000 / this.perSecond;
    const started = performance.now();
    const inFlight = new Set<Promise<void>>();
    for (let i = 0; !this.#stop; i++) {
      const document = this.corpus[i % this.corpus.length] as CorpusDocument;
      const upload = this.#upload(document).finally(() => inFlight.delete(upload));
      inFlight.add(upload);
      const next = started + (i + 1) * interval;
      await sleep(Math.max(0, next - performance.now()));
    }
    await Promise.all(inFlight);
  }

  async #upload(document: CorpusDocument): Promise<void> {
    let refusals = 0;
    for (;;) {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(document.bytes)]), document.filename);
      const submittedAt = Date.now();
      const response = await fetch(`${this.apiUrl}/v1/documents`, { method: 'POST', body: form }).catch(
        () => undefined,
      );
      if (response?.status === 202) {
        const body = (await response.json()) as { documents: Array<{ documentId: string }> };
        const documentId = body.documents[0]?.documentId;
        if (documentId) this.#submitted.push({ documentId, submittedAt, refusals });
        return;
      }
      // A 503 must say when to come back; anything else but 202 is an error the client cannot handle.
      if (response && (response.status !== 503 || !response.headers.get('retry-after'))) {
        this.#unexpected.push({ status: response.status, body: (await response.text()).slice(0, 300) });
        return;
      }
      // 503, or the API not answering at all: wait and send the same file again.
      if (response) {
        refusals += 1;
        this.#refusals += 1;
      } else {
        this.#unanswered += 1;
      }
      const retryAfter = Number(response?.headers.get('retry-after') ?? 1);
      await response?.body?.cancel();
      await sleep(Math.min(5, Number.isFinite(retryAfter) ? retryAfter : 1) * 1000);
    }
  }
}
