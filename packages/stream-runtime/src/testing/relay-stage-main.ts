// The relay stage as its own process, for tests that kill a stage: configured like a service, by env.
import { ConfluentAvroSerde, SchemaRegistryClient } from '@docsort/avro-serde';
import { topicCatalog } from '@docsort/contracts';
import { Kafka, logLevel } from 'kafkajs';
import { runUntilSignal } from '../run-until-signal.ts';
import { topicBinding } from '../stage.ts';
import { StreamRuntime } from '../stream-runtime.ts';
import { relayStage } from './relay-stage.ts';

const env = process.env;
const catalog = topicCatalog({ prefix: env.RELAY_TOPIC_PREFIX ?? 'documents' });
const kafka = new Kafka({
  clientId: 'relay',
  brokers: (env.RELAY_BROKERS ?? '').split(','),
  logLevel: logLevel.ERROR,
});
const runtime = new StreamRuntime({
  kafka,
  serde: new ConfluentAvroSerde(new SchemaRegistryClient({ url: env.RELAY_REGISTRY_URL ?? '' })),
  stage: relayStage(catalog, Number(env.RELAY_DELAY_MS ?? 0)),
  deadLetter: topicBinding(catalog.dlq),
  options: {
    groupId: env.RELAY_GROUP_ID ?? 'relay',
    flushEvery: Number(env.RELAY_FLUSH_EVERY ?? 10),
    // Short, so that after a SIGKILL the group notices the dead member quickly.
    sessionTimeoutMs: 10_000,
    heartbeatIntervalMs: 1_000,
  },
  observer: {
    committed: ({ offset }) => process.stdout.write(`committed ${offset}\n`),
    rebalanced: () => process.stdout.write('rebalanced\n'),
  },
});
await runUntilSignal(runtime);
process.stdout.write('stopped\n');
