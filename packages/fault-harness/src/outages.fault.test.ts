import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { type ComponentName, waitUntil } from '@docsort/local-stack';
import { startTestPipeline } from '@docsort/pipeline-tests';
import { describe, expect, it } from 'vitest';
import { faultCorpus } from './fault-corpus.ts';
import { LoadGenerator } from './load-generator.ts';
import { countOutcomes, reportScenario } from './outcome-count.ts';
import { StackFaults } from './stack-faults.ts';

const scenarios: ReadonlyArray<readonly [string, ComponentName, number]> = [
  ['2 Kafka broker restart', 'kafka', 10_000],
  ['3 MinIO outage', 'minio', 60_000],
  ['4 schema registry outage', 'schema-registry', 60_000],
];

type Pipeline = Awaited<ReturnType<typeof startTestPipeline>>;

/**
 * During the registry outage, a service that starts cannot look up its schemas: it must say so and retry
 * until the registry is back, not exit. True once the restarted extract has logged a retry.
 */
async function restartExtractWithoutRegistry(p: Pipeline, killed: Set<string>, withinMs: number) {
  const registry = `${p.endpoints.schemaRegistry.url}/subjects`;
  await waitUntil(
    async () =>
      !(await fetch(registry).then(
        (r) => r.ok,
        () => false,
      )),
    {
      timeoutMs: 30_000,
      description: 'the registry to stop answering',
    },
  );
  killed.add('extract');
  p.kill('extract');
  const restarted = p.restart('extract');
  await waitUntil(async () => /"msg":"retrying"/.test(readFileSync(restarted.logFile, 'utf8')), {
    timeoutMs: withinMs,
    intervalMs: 500,
    description: 'the restarted extract to retry its schema lookups',
  });
  return true;
}

describe('faults 2–4: a stack server goes away under load and comes back', () => {
  it.each(scenarios)(
    '%s: the pipeline recovers on its own and loses nothing',
    async (name, component, downMs) => {
      const p = await startTestPipeline({ partitions: 3 });
      const exits: string[] = [];
      const killed = new Set<string>();
      for (const service of p.services) {
        void service.exited.then((code) => {
          if (!killed.has(service.name)) exits.push(`${service.name} exited with ${code}`);
        });
      }
      const faults = new StackFaults();
      const load = new LoadGenerator(p.api, await faultCorpus(60, 23), 5).start();
      await sleep(5_000);
      await faults.stop(component);
      const downSince = Date.now();
      const retriedWhileDown =
        component === 'schema-registry'
          ? await restartExtractWithoutRegistry(p, killed, downMs - 5_000)
          : false;
      await sleep(Math.max(0, downMs - (Date.now() - downSince)));
      await faults.start(component);
      const backAt = Date.now();
      // Recovery: a document submitted from now on is classified, with no service restarted by hand.
      const probeFrom = load.submitted.length;
      await waitUntil(
        async () => {
          const recent = load.submitted.slice(probeFrom).map((s) => s.documentId);
          if (!recent.length) return false;
          return (await countOutcomes(p.api, recent.slice(0, 1), 1)).missing.length === 0;
        },
        {
          timeoutMs: 120_000,
          intervalMs: 1_000,
          description: `a document classified after ${component} returned`,
        },
      );
      const recoverySeconds = (Date.now() - backAt) / 1000;
      await sleep(5_000);
      const report = await load.stop();
      const ids = report.submitted.map((s) => s.documentId);
      const counted = await countOutcomes(p.api, ids, 240_000);
      // Nothing half-written: every stored upload belongs to an accepted document. An upload that failed
      // while the store was away is removed by ingest once it is back (retried every ≤ 5.5 s), so allow that.
      const accepted = new Set(ids);
      let stray: string[] = [];
      await waitUntil(
        async () => {
          const stored = (await p.store.listKeys(p.bucket, 'documents/')).map((k) => k.split('/')[1] ?? k);
          stray = stored.filter((id) => !accepted.has(id));
          return stray.length === 0;
        },
        { timeoutMs: 30_000, intervalMs: 1_000, description: 'failed uploads to be removed' },
      ).catch(() => undefined);
      reportScenario(name, {
        submitted: ids.length,
        'answered 503 and retried': report.refusals,
        'other errors': report.unexpected.length,
        'unanswered uploads': report.unanswered,
        classified: [...counted.outcomes.values()].filter((o) => o.status === 'classified').length,
        missing: counted.missing.length,
        'stray objects': stray.length,
        'recovery after the server returned (s)': recoverySeconds.toFixed(1),
      });
      expect(report.unexpected).toEqual([]);
      expect(report.unanswered).toBe(0);
      expect(counted.missing).toEqual([]);
      expect([...counted.outcomes.values()].every((o) => o.status === 'classified')).toBe(true);
      expect(stray).toEqual([]);
      expect(exits).toEqual([]);
      expect(recoverySeconds).toBeLessThanOrEqual(60);
      expect(retriedWhileDown).toBe(component === 'schema-registry');
    },
  );
});
