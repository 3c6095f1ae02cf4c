import type { ConfluentAvroSerde } from '@docsort/avro-serde';
import { type DocumentFailed, topicCatalog } from '@docsort/contracts';
import { Kafka } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { type Stage, topicBinding } from './stage.ts';
import { StreamRuntime } from './stream-runtime.ts';

describe('StreamRuntime', () => {
  const catalog = topicCatalog();
  // Neither is used before start(): the runtime is only built here.
  const kafka = new Kafka({ brokers: ['127.0.0.1:9'] });
  const serde = {} as ConfluentAvroSerde;
  const readsTheDlq = (deadLetter?: Stage<DocumentFailed>['deadLetter']): Stage<DocumentFailed> => ({
    name: 'sink-failures',
    input: topicBinding(catalog.dlq),
    outputs: {},
    ...(deadLetter ? { deadLetter } : {}),
    process: async () => [],
  });

  it('refuses a stage whose failures would be dead-lettered to its own input', () => {
    expect(
      () => new StreamRuntime({ kafka, serde, stage: readsTheDlq(), deadLetter: topicBinding(catalog.dlq) }),
    ).toThrow(/dead-lettered to documents\.dlq, its own input/);
  });

  it("takes the stage's own dead-letter topic over the runtime's", () => {
    const stage = readsTheDlq(topicBinding(catalog.dlqParked));
    expect(
      () => new StreamRuntime({ kafka, serde, stage, deadLetter: topicBinding(catalog.dlq) }),
    ).not.toThrow();
  });
});
