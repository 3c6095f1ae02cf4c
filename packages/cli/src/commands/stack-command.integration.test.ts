import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type ComponentStatus, componentNames } from '@docsort/local-stack';
import { findFreePorts, uniqueName } from '@docsort/test-harness';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const mainScript = join(dirname(fileURLToPath(import.meta.url)), '..', 'main.ts');

/** Pids of processes whose command line mentions `needle`: what `stack down` must leave none of. */
function processesMentioning(needle: string): string[] {
  return execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.includes(needle) && !line.includes('ps -eo'));
}

/**
 * `docsort stack …` as a user runs it, on a private stack (free ports, a temp stack dir): this test stops
 * and restarts servers, which the shared stack of the other integration tests must not see.
 */
describe('docsort stack', () => {
  const stackDir = mkdtempSync(join(tmpdir(), 'docsort-stack-'));
  let env: NodeJS.ProcessEnv;
  let brokers: string[];

  const docsort = async (...args: string[]) => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', mainScript, ...args], { env });
    return stdout;
  };
  const status = async () => JSON.parse(await docsort('stack', 'status', '--json')) as ComponentStatus[];
  const pidsByName = async () => Object.fromEntries((await status()).map((s) => [s.name, s.pid]));

  beforeAll(async () => {
    const ports = await findFreePorts(8);
    const variables = [
      'DOCSORT_KAFKA_PORT',
      'DOCSORT_KAFKA_CONTROLLER_PORT',
      'DOCSORT_KAFKA_SCRAM_PORT',
      'DOCSORT_REGISTRY_PORT',
      'DOCSORT_REGISTRY_MANAGEMENT_PORT',
      'DOCSORT_MINIO_PORT',
      'DOCSORT_MINIO_CONSOLE_PORT',
      'DOCSORT_PROMETHEUS_PORT',
    ];
    env = {
      ...process.env,
      DOCSORT_STACK_DIR: stackDir,
      DOCSORT_JVM_HEAP: '384m',
      ...Object.fromEntries(variables.map((variable, i) => [variable, String(ports[i])])),
    };
    brokers = [`127.0.0.1:${env.DOCSORT_KAFKA_PORT}`];
  });

  afterAll(async () => {
    await docsort('stack', 'down').catch(() => undefined);
    rmSync(stackDir, { recursive: true, force: true });
  });

  it('`up` starts every component, and a second `up` reuses the same processes', async () => {
    const output = await docsort('stack', 'up');
    expect(output).toContain(`127.0.0.1:${env.DOCSORT_KAFKA_PORT}`);
    const first = await status();
    expect(first.map((s) => [s.name, s.state])).toEqual(componentNames.map((name) => [name, 'running']));

    await docsort('stack', 'up');
    expect(await pidsByName()).toEqual(Object.fromEntries(first.map((s) => [s.name, s.pid])));
  });

  it('keeps the data produced before a broker restart', async () => {
    const kafka = new Kafka({ clientId: 'restart-test', brokers, logLevel: logLevel.NOTHING });
    const topic = uniqueName('restart');
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 2 }] });
    await admin.disconnect();
    const producer = kafka.producer({ idempotent: true, createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const sent = Array.from({ length: 50 }, (_, i) => `record-${i}`);
    await producer.send({ topic, acks: -1, messages: sent.map((value) => ({ key: value, value })) });
    await producer.disconnect();

    const before = await pidsByName();
    expect(await docsort('stack', 'down', 'kafka')).toContain('stopped: kafka');
    expect((await status()).find((s) => s.name === 'kafka')?.state).toBe('stopped');
    await docsort('stack', 'up', 'kafka');
    const after = await pidsByName();
    expect(after.kafka).toBeTypeOf('number');
    expect(after.kafka).not.toBe(before.kafka);

    const consumer = kafka.consumer({ groupId: uniqueName('restart') });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const received = new Set<string>();
    await new Promise<void>((resolve, reject) => {
      consumer
        .run({
          eachMessage: async ({ message }) => {
            received.add(message.value?.toString() ?? '');
            if (received.size === sent.length) resolve();
          },
        })
        .catch(reject);
    });
    await consumer.disconnect();
    expect([...received].sort()).toEqual([...sent].sort());
  });

  it('`down` leaves none of its processes running', async () => {
    expect(processesMentioning(stackDir).length).toBeGreaterThanOrEqual(componentNames.length);
    const pids = Object.values(await pidsByName());

    expect(await docsort('stack', 'down')).toMatch(/^stopped: /);

    expect(processesMentioning(stackDir)).toEqual([]);
    for (const pid of pids) expect(() => process.kill(Number(pid), 0)).toThrow();
    expect((await status()).map((s) => s.state)).toEqual(componentNames.map(() => 'stopped'));
    expect(await docsort('stack', 'down')).toContain('nothing was running');
  });
});
