import { setTimeout as sleep } from 'node:timers/promises';
import { startTestPipeline } from '@docsort/pipeline-tests';
import { collectTopics } from '@docsort/test-harness';
import { describe, expect, it } from 'vitest';
import { faultCorpus } from './fault-corpus.ts';
import { LoadGenerator } from './load-generator.ts';
import { countOutcomes, duplicateRecords, reportScenario } from './outcome-count.ts';

/** The runtime's flushEvery: what a killed instance may have produced without committing. */
const batch = 50;

describe('fault 1: SIGKILL a stage mid-batch under load, then restart it', () => {
  const stages = [
    ['extract', 'extracted'],
    ['classify', 'classified'],
    ['sink', undefined],
  ] as const;
  it.each(stages)(
    '%s: zero lost, duplicate records within one batch, one result per document',
    async (stage, output) => {
      const p = await startTestPipeline({ partitions: 3 });
      const collector = await collectTopics(p.endpoints, [
        p.catalog.extracted.name,
        p.catalog.classified.name,
      ]);
      const load = new LoadGenerator(p.api, await faultCorpus(60, 17), 8).start();
      // A random moment, with work in every stage.
      await sleep(4_000 + Math.random() * 4_000);
      p.kill(stage);
      const killedAfter = load.submitted.length;
      await sleep(3_000);
      p.restart(stage);
      await sleep(6_000);
      const report = await load.stop();
      const ids = report.submitted.map((s) => s.documentId);
      const counted = await countOutcomes(p.api, ids);

      const results = (await p.store.listKeys(p.bucket, 'results/')).filter((k) => k.endsWith('.json'));
      const outputTopic = output ? p.catalog[output].name : undefined;
      const duplicates = outputTopic ? duplicateRecords(collector.records, outputTopic) : 0;
      reportScenario(`1 kill ${stage}`, {
        submitted: ids.length,
        'submitted before the kill': killedAfter,
        classified: [...counted.outcomes.values()].filter((o) => o.status === 'classified').length,
        missing: counted.missing.length,
        'result objects': results.length,
        [`duplicate ${output ?? 'result'} records`]: duplicates,
      });
      expect(report.unexpected).toEqual([]);
      expect(report.unanswered).toBe(0);
      expect(ids.length).toBeGreaterThan(killedAfter);
      expect(counted.missing).toEqual([]);
      expect([...counted.outcomes.values()].every((o) => o.status === 'classified')).toBe(true);
      // One result object per document: none missing, none extra.
      expect(results.sort()).toEqual(ids.map((id) => `results/${id}.json`).sort());
      expect(duplicates).toBeLessThanOrEqual(batch);
    },
  );
});
