import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { PipelineServiceName } from '@docsort/local-stack';
import { startTestPipeline } from '@docsort/pipeline-tests';
import { collectTopics } from '@docsort/test-harness';
import { describe, expect, it } from 'vitest';
import { faultCorpus } from './fault-corpus.ts';
import { LoadGenerator } from './load-generator.ts';
import { countOutcomes, duplicateRecords, reportScenario } from './outcome-count.ts';

/** docsort_offset_commits_unowned_total of one instance, from its /metrics. */
async function unownedCommits(metricsUrl: string): Promise<number> {
  const body = await (await fetch(metricsUrl)).text();
  const line = body.split('\n').find((l) => l.startsWith('docsort_offset_commits_unowned_total{'));
  if (!line) throw new Error(`no docsort_offset_commits_unowned_total at ${metricsUrl}`);
  return Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('fault 5: rescale a stage 1 → 3 → 1 instances under load', () => {
  it('commits only owned partitions, loses nothing, repeats at most what was in flight', async () => {
    const stage: PipelineServiceName = 'classify';
    const p = await startTestPipeline({ partitions: 6, maxInstances: 3 });
    const collector = await collectTopics(p.endpoints, [p.catalog.classified.name]);
    const load = new LoadGenerator(p.api, await faultCorpus(60, 29), 8).start();
    await sleep(4_000);
    const added = [p.restart(stage, 2), p.restart(stage, 3)];
    await sleep(12_000);
    // Before each added instance drains: what it committed so far (its drain adds to the log check below).
    const unowned: number[] = [];
    for (const instance of [3, 2]) {
      const service = added.find((s) => s.instance === instance);
      unowned.push(await unownedCommits(service?.metricsUrl ?? ''));
      expect(await p.stopService(stage, instance)).toBe(0);
    }
    await sleep(6_000);
    const report = await load.stop();
    const ids = report.submitted.map((s) => s.documentId);
    const counted = await countOutcomes(p.api, ids);
    const first = p.services.find((s) => s.name === stage && s.instance === 1);
    unowned.push(await unownedCommits(first?.metricsUrl ?? ''));
    // Every instance's log, drains included: no commit of a partition it did not own.
    const logged = [first, ...added]
      .filter((s) => s !== undefined)
      .map((s) => readFileSync(s.logFile, 'utf8'));
    const unownedLogged = logged.join('\n').match(/not assigned to this instance/g)?.length ?? 0;
    const joins = logged.join('\n').match(/"msg":"joined consumer group"/g)?.length ?? 0;
    const duplicates = duplicateRecords(collector.records, p.catalog.classified.name);
    reportScenario('5 rescale classify 1→3→1', {
      submitted: ids.length,
      classified: [...counted.outcomes.values()].filter((o) => o.status === 'classified').length,
      missing: counted.missing.length,
      'group joins': joins,
      'unowned commits': unowned.reduce((a, b) => a + b, 0) + unownedLogged,
      'duplicate classified records': duplicates,
    });
    expect(report.unexpected).toEqual([]);
    expect(counted.missing).toEqual([]);
    expect(unowned).toEqual([0, 0, 0]);
    expect(unownedLogged).toBe(0);
    // The group rebalanced as instances came and went (each join of each instance is logged).
    expect(joins).toBeGreaterThanOrEqual(5);
    // At-least-once: a rebalance may repeat what was in flight, at most a batch per partition that moved.
    expect(duplicates).toBeLessThanOrEqual(4 * 6 * 50);
  });
});
