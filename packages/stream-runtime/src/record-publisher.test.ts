import type { AvroSerializer } from '@docsort/avro-serde';
import type { Producer, ProducerRecord } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { recordPublisher } from './record-publisher.ts';

/** A producer whose sends complete when the test says so: what a slow broker looks like. */
function heldProducer() {
  const sends: Array<{ record: ProducerRecord; complete: (error?: Error) => void }> = [];
  const producer = {
    send: (record: ProducerRecord) =>
      new Promise((resolve, reject) => {
        sends.push({ record, complete: (error) => (error ? reject(error) : resolve([])) });
      }),
  } as unknown as Producer;
  return { producer, sends };
}

const serializer = {
  serialize: (value: { id: string }) => Buffer.from(value.id),
} as unknown as AvroSerializer<{
  id: string;
}>;
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('recordPublisher', () => {
  it('sends a record at once when idle, and what queued meanwhile in one request after it', async () => {
    const { producer, sends } = heldProducer();
    const publish = recordPublisher(producer, serializer, 'documents.incoming', (v) => v.id);
    const settled: string[] = [];
    const track = (id: string) => publish({ id }).then(() => settled.push(id));

    const first = track('a');
    await tick();
    expect(sends.map((s) => s.record.messages.map((m) => String(m.key)))).toEqual([['a']]);
    const rest = ['b', 'c', 'd'].map(track);
    await tick();
    expect(sends).toHaveLength(1); // still one request in flight

    sends[0]?.complete();
    await first;
    await tick();
    expect(settled).toEqual(['a']); // b, c, d wait for their own acknowledgement
    expect(sends[1]?.record).toMatchObject({ topic: 'documents.incoming', acks: -1 });
    expect(sends[1]?.record.messages.map((m) => String(m.value))).toEqual(['b', 'c', 'd']);

    sends[1]?.complete();
    await Promise.all(rest);
    expect(settled).toEqual(['a', 'b', 'c', 'd']);
  });

  it('fails every record of a failed request, and goes on with the next', async () => {
    const { producer, sends } = heldProducer();
    const publish = recordPublisher(producer, serializer, 't', (v) => v.id);
    const first = publish({ id: 'a' });
    await tick();
    const queued = [publish({ id: 'b' }), publish({ id: 'c' })];
    sends[0]?.complete(new Error('broker down'));
    await expect(first).rejects.toThrow('broker down');
    await tick();
    sends[1]?.complete(new Error('still down'));
    await expect(Promise.all(queued)).rejects.toThrow('still down');
    await expect(queued[1]).rejects.toThrow('still down');

    const later = publish({ id: 'd' });
    await tick();
    sends[2]?.complete();
    await expect(later).resolves.toBeUndefined();
  });
});
