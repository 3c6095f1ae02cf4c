import type { Message } from 'kafkajs';

/**
 * What one produce request may carry. The broker refuses a partition's record batch over `message.max.bytes`
 * (1 MiB by default), and kafkajs sends whatever one `send` gets as one batch per partition: three 500 kB
 * records to one partition in one send are refused, each alone is accepted (measured on the local stack).
 * Records can be large (inlined uploads, up to 100,000 characters of text), so requests are cut by size.
 */
export const produceRequestLimits = { maxBytes: 900 * 1024, maxRecords: 500 } as const;

/** Per-record framing (offsets, lengths, timestamps) on top of key, value and headers, generously. */
const recordOverheadBytes = 64;

function sizeOf(message: Message): number {
  const bytes = (data: Buffer | string | null | undefined) =>
    data === null || data === undefined
      ? 0
      : typeof data === 'string'
        ? Buffer.byteLength(data)
        : data.length;
  let size = recordOverheadBytes + bytes(message.key) + bytes(message.value);
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    for (const item of Array.isArray(value) ? value : [value]) size += Buffer.byteLength(name) + bytes(item);
  }
  return size;
}

/**
 * How many of the leading `messages` fit in one produce request: at least one (a record too large on its
 * own is the broker's to refuse), then as many as stay within the limits.
 */
export function recordsPerRequest(
  messages: readonly Message[],
  limits: { readonly maxBytes: number; readonly maxRecords: number } = produceRequestLimits,
): number {
  let bytes = 0;
  let count = 0;
  for (const message of messages) {
    bytes += sizeOf(message);
    if (count > 0 && (bytes > limits.maxBytes || count >= limits.maxRecords)) break;
    count += 1;
  }
  return count;
}
