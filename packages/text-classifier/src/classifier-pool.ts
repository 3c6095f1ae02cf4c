import { Piscina } from 'piscina';
import type { ClassifyJob } from './classifier-worker.ts';
import type { Classification, DocumentInput, ModelManifest, ServingModel } from './text-classifier.ts';

/**
 * Inference in worker threads, one model per thread: the wasm backend computes on one core per process, so a
 * batch split across threads uses every core. Same answers as TextClassifier.classify, in the same order.
 */
export class ClassifierPool implements ServingModel {
  readonly #pool: Piscina;

  private constructor(
    readonly dir: string,
    readonly manifest: ModelManifest,
    readonly threads: number,
    readonly backend: string,
  ) {
    this.#pool = new Piscina({
      filename: new URL('./classifier-worker.ts', import.meta.url).href,
      minThreads: threads,
      maxThreads: threads,
      // Workers run TypeScript, like the rest of the service.
      execArgv: ['--import', 'tsx'],
      idleTimeout: 60_000,
    });
  }

  /** Starts the threads and loads the model in each (a tiny job apiece), so the first batch is not slow. */
  static async start(
    dir: string,
    manifest: ModelManifest,
    threads: number,
    /** The backend the workers select (the same choice as this thread's; reported in metrics). */
    backend: string,
  ): Promise<ClassifierPool> {
    const pool = new ClassifierPool(dir, manifest, threads, backend);
    await Promise.all(
      Array.from({ length: threads }, () => pool.#run([{ text: 'warm-up', filename: 'warm-up.txt' }], 1)),
    );
    return pool;
  }

  async classify(documents: readonly DocumentInput[], topK = 3): Promise<Classification[]> {
    if (documents.length === 0) return [];
    const size = Math.ceil(documents.length / this.threads);
    const chunks = Array.from({ length: Math.ceil(documents.length / size) }, (_, i) =>
      documents.slice(i * size, (i + 1) * size),
    );
    return (await Promise.all(chunks.map((chunk) => this.#run(chunk, topK)))).flat();
  }

  dispose(): Promise<void> {
    return this.#pool.destroy();
  }

  #run(documents: readonly DocumentInput[], topK: number): Promise<Classification[]> {
    const job: ClassifyJob = { dir: this.dir, documents, topK };
    return this.#pool.run(job);
  }
}
