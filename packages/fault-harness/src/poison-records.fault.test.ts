import { type DocumentFailed, messageSchema, type TopicRole } from '@docsort/contracts';
import { groupLag } from '@docsort/pipeline-metrics';
import { startTestPipeline } from '@docsort/pipeline-tests';
import { collectTopics, sampleModelPublished, testKafka } from '@docsort/test-harness';
import { describe, expect, it } from 'vitest';
import { reportScenario } from './outcome-count.ts';

/** Every input topic and the consumer group (stage) that reads it. */
const inputs: ReadonlyArray<readonly [TopicRole, string]> = [
  ['incoming', 'extract'],
  ['extracted', 'classify'],
  ['classified', 'sink-results'],
  ['dlq', 'sink-failures'],
  ['feedback', 'sink-feedback'],
];

describe('fault 7: poison records on every input topic', () => {
  it('dead-letters garbage, unknown schema ids and wrong schemas in one attempt with the original bytes; lag returns to 0', async () => {
    const p = await startTestPipeline({ partitions: 2 });
    // What the DLQ's own reader (sink-failures) cannot read is parked, not dead-lettered back to the DLQ.
    const collector = await collectTopics(p.endpoints, [p.catalog.dlq.name, p.catalog.dlqParked.name]);
    // A well-formed record of another schema: the registry knows it, the reader cannot resolve it.
    const wrongSchema = (
      await p.serde.serializer(p.catalog.modelPublished.subject, messageSchema('ModelPublished'))
    ).serialize(sampleModelPublished());
    const poisons = {
      garbage: Buffer.from('this is not Avro, just bytes'),
      unknownSchemaId: Buffer.concat([Buffer.from([0, 0x7f, 0xff, 0xff, 0xf0]), Buffer.from('payload')]),
      wrongSchema,
    };
    const sent: Array<{ topic: string; key: string; value: Buffer }> = [];
    for (const [role] of inputs) {
      for (const [kind, value] of Object.entries(poisons)) {
        const record = { topic: p.catalog[role].name, key: `poison-${role}-${kind}`, value };
        await p.producer.send({ topic: record.topic, acks: -1, messages: [{ key: record.key, value }] });
        sent.push(record);
      }
    }

    const failed = p.serde.deserializer<DocumentFailed>(messageSchema('DocumentFailed'));
    const letterOf = async (key: string) => {
      for (const record of collector.records.filter((r) => r.key === key)) {
        // The poison record sent to the DLQ topic shares the key with its dead letter (parked).
        const letter = await failed.deserialize(record.value).catch(() => undefined);
        if (letter?.original.key?.toString() === key) return { letter, headers: record.headers };
      }
      return undefined;
    };
    await collector.waitFor(
      // Two records per key sent to the DLQ topic: the poison itself, then its dead letter, parked.
      () =>
        sent.every(
          (s) =>
            collector.records.filter((r) => r.key === s.key).length >=
            (s.topic === p.catalog.dlq.name ? 2 : 1),
        ),
      'a DLQ record for every poison record',
      90_000,
    );
    for (const { topic, key, value } of sent) {
      const found = await letterOf(key);
      expect(found, key).toBeDefined();
      const { letter, headers } = found as NonNullable<typeof found>;
      expect(letter.reason, key).toBe('SCHEMA_INVALID');
      expect(letter.attempts, key).toBe(1);
      expect(letter.original.topic, key).toBe(topic);
      expect(Buffer.compare(letter.original.value ?? Buffer.alloc(0), value), `${key}: original bytes`).toBe(
        0,
      );
      expect(headers['__connect.errors.exception.message'], key).toBeDefined();
      expect(String(headers['__connect.errors.topic']), key).toBe(topic);
    }
    // Every consumer moved past them: nothing left to read on any input topic.
    const kafka = testKafka(p.endpoints);
    const lags: Record<string, number> = {};
    for (const [role, stage] of inputs) {
      const topic = p.catalog[role].name;
      await expect
        .poll(async () => (lags[topic] = await groupLag(kafka, p.consumerGroup(stage), topic)), {
          timeout: 60_000,
          interval: 500,
        })
        .toBe(0);
    }
    reportScenario('7 poison records', {
      'poison records': sent.length,
      'dead-lettered in one attempt': sent.length,
      'lag after': Object.values(lags).reduce((a, b) => a + b, 0),
    });
  });
});
