import type { Kafka } from 'kafkajs';

export interface AnnouncementWatchOptions {
  /** How often the topic's end offsets are read: the most a publication waits to be noticed. Default 1 s. */
  readonly pollIntervalMs?: number;
  /** Told when the offsets cannot be read; the next poll tries again. */
  readonly onError?: (error: Error) => void;
}

/** A running watch of models.published; `stop` ends it and waits for a poll under way. */
export interface StartedAnnouncementWatch {
  stop(): Promise<void>;
}

type EndOffsets = ReadonlyMap<number, bigint>;

async function endOffsets(admin: ReturnType<Kafka['admin']>, topic: string): Promise<EndOffsets> {
  const partitions = await admin.fetchTopicOffsets(topic);
  return new Map(partitions.map(({ partition, high }) => [partition, BigInt(high)]));
}

function movedPast(now: EndOffsets, seen: EndOffsets): boolean {
  return [...now].some(([partition, offset]) => offset > (seen.get(partition) ?? 0n));
}

/**
 * Calls `onAnnounced` whenever something is published on `topic` (models.published) after the watch started,
 * without a consumer group. kafkajs can consume only in a group (manual assignment:
 * https://github.com/tulios/kafkajs/issues/373), and each instance must hear every announcement, so a
 * consumer meant a group per instance — left behind on every restart, and allowed only by a prefix ACL. An
 * announcement's content is not needed: the registry's LATEST pointer, written before it, says what is
 * current. So the watch reads the topic's end offsets (Describe on the topic is all it needs) and calls
 * `onAnnounced` once they move; offsets are taken at start, so a caller that looks up the store after
 * `watchModelAnnouncements` resolves misses nothing published in between.
 */
export async function watchModelAnnouncements(
  kafka: Kafka,
  topic: string,
  onAnnounced: () => Promise<void>,
  options: AnnouncementWatchOptions = {},
): Promise<StartedAnnouncementWatch> {
  const pollIntervalMs = options.pollIntervalMs ?? 1_000;
  const admin = kafka.admin();
  await admin.connect();
  let seen: EndOffsets;
  try {
    seen = await endOffsets(admin, topic);
  } catch (error) {
    await admin.disconnect();
    throw error;
  }
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let polling = Promise.resolve();

  const poll = async () => {
    try {
      const now = await endOffsets(admin, topic);
      if (movedPast(now, seen)) {
        seen = now;
        await onAnnounced();
      }
    } catch (error) {
      options.onError?.(error as Error);
    }
    if (!stopped) schedule();
  };
  const schedule = () => {
    timer = setTimeout(() => {
      polling = poll();
    }, pollIntervalMs).unref();
  };
  schedule();

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await polling;
      await admin.disconnect();
    },
  };
}
