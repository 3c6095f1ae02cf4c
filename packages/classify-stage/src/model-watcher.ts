import type { TopicSpec } from '@docsort/contracts';
import {
  type ModelRegistry,
  ModelUnavailableError,
  type StartedAnnouncementWatch,
  watchModelAnnouncements,
} from '@docsort/model-registry';
import type { RuntimeLogger } from '@docsort/stream-runtime';
import { ClassifierPool, type ServingModel, TextClassifier } from '@docsort/text-classifier';
import type { Kafka } from 'kafkajs';
import type { LiveModel } from './live-model.ts';

export interface ModelSourceOptions {
  readonly registry: ModelRegistry;
  readonly name: string;
  /** `latest` follows every publication; any other version is pinned and never swapped. */
  readonly version: string;
  readonly cacheDir: string;
  readonly model: LiveModel;
  readonly logger: RuntimeLogger;
  /** Inference threads: 1 classifies in the service's own thread; more run a pool (wasm uses one core each). */
  readonly threads?: number;
}

/**
 * A model directory, ready to classify: in this thread, or (threads > 1) in a pool of worker threads, since
 * the wasm backend computes on one core per thread. The classify service and `docsort classify` load alike.
 */
export async function loadServingModel(
  dir: string,
  threads: number,
  log?: (message: string) => void,
): Promise<ServingModel> {
  const classifier = await TextClassifier.load(dir, log);
  if (threads <= 1) return classifier;
  const pool = await ClassifierPool.start(dir, classifier.manifest, threads, classifier.backend);
  await classifier.dispose();
  return pool;
}

/**
 * Loads the configured model into the LiveModel, and — unless a version is pinned — keeps it current:
 * every publication on models.published makes it resolve `latest` again and hot-swap when that changed.
 * Publications are noticed without a consumer group (watchModelAnnouncements), so a restart leaves nothing
 * behind on the cluster; `latest` is always looked up in the store.
 */
export class ModelWatcher {
  readonly #options: ModelSourceOptions;
  #loading: Promise<void> = Promise.resolve();
  #announcements: StartedAnnouncementWatch | undefined;
  #retryTimer: NodeJS.Timeout | undefined;

  constructor(options: ModelSourceOptions) {
    this.#options = options;
  }

  /** Loads (or swaps to) the model that `version` names now; on failure the model says why it is not ready. */
  refresh(): Promise<void> {
    this.#loading = this.#loading.then(() => this.#load());
    return this.#loading;
  }

  async start(kafka: Kafka, topic: TopicSpec): Promise<void> {
    const { version, name, logger } = this.#options;
    if (version === 'latest') {
      // The watch first, the store second: a model published in between is announced past the watch's start.
      this.#announcements = await watchModelAnnouncements(kafka, topic.name, () => this.refresh(), {
        onError: (error) => logger.warn({ error: error.message }, 'model announcements not readable'),
      });
    }
    await this.refresh();
    // A store that was down at start: try again until a model is there.
    this.#retryTimer = setInterval(() => {
      if (!this.#options.model.ready) void this.refresh();
    }, 15_000).unref();
    if (version !== 'latest') {
      logger.info({ model: name, version }, 'model version pinned: announcements are ignored');
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.#retryTimer);
    await this.#announcements?.stop();
  }

  async #load(): Promise<void> {
    const { registry, name, version, cacheDir, model, logger } = this.#options;
    try {
      const resolved = await registry.resolve(name, version);
      if (model.current?.manifest.version === resolved) return;
      const { dir } = await registry.fetch(name, resolved, cacheDir);
      const threads = this.#options.threads ?? 1;
      const serving = await loadServingModel(dir, threads, (message) => logger.info({}, message));
      const previous = model.current?.manifest.version;
      model.use(serving);
      logger.info(
        {
          model: name,
          version: resolved,
          ...(previous ? { previous } : {}),
          backend: serving.backend,
          threads,
          labels: serving.manifest.labels.length,
        },
        previous ? 'model swapped' : 'model loaded',
      );
    } catch (error) {
      const reason =
        error instanceof ModelUnavailableError
          ? error.message
          : `loading model ${name} ${version} failed: ${(error as Error).message}`;
      model.unavailable(reason);
      // Keep serving the model in hand if there is one: a bad publication must not stop classification.
      logger.warn(
        { reason },
        model.ready ? 'new model not loaded; keeping the current one' : 'no model: not ready',
      );
    }
  }
}
