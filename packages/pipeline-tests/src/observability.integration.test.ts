import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { cpSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { type DocumentClassified, messageSchema } from '@docsort/contracts';
import { awaitOutcomes, demoDocuments, submitDocuments } from '@docsort/demo-batch';
import * as fixtures from '@docsort/extractors/testing';
import { findPrometheus, findRepoRoot, waitUntil } from '@docsort/local-stack';
import { loadTaxonomy } from '@docsort/taxonomy';
import { createTestDirectory, findFreePorts, sampleClassified } from '@docsort/test-harness';
import { describe, expect, it, onTestFinished } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { startTestPipeline } from './test-pipeline.ts';

const run = promisify(execFile);
const repo = findRepoRoot();
const prometheusDir = join(repo, 'deploy', 'prometheus');
const dashboardsDir = join(repo, 'deploy', 'grafana', 'dashboards');

interface Panel {
  readonly title: string;
  readonly targets?: ReadonlyArray<{ readonly expr: string }>;
}

/** Every panel query of every dashboard, with template variables set to "all". */
function dashboardQueries(): Array<{ where: string; expr: string }> {
  return readdirSync(dashboardsDir)
    .filter((file) => file.endsWith('.json'))
    .flatMap((file) => {
      const dashboard = JSON.parse(readFileSync(join(dashboardsDir, file), 'utf8')) as { panels: Panel[] };
      return dashboard.panels.flatMap((panel) =>
        (panel.targets ?? []).map((target) => ({
          where: `${file} › ${panel.title}`,
          expr: target.expr.replaceAll('$service', '.+'),
        })),
      );
    });
}

/** Every alert of the rule files: its expression, and its signals (the expression without its thresholds). */
function alertExpressions(): Array<{ alert: string; expr: string; signals: string }> {
  const rulesDir = join(prometheusDir, 'rules');
  return readdirSync(rulesDir).flatMap((file) => {
    const { groups } = parseYaml(readFileSync(join(rulesDir, file), 'utf8')) as {
      groups: Array<{ rules: Array<{ alert?: string; expr: string }> }>;
    };
    return groups.flatMap((group) =>
      group.rules
        .filter((rule) => rule.alert)
        .map((rule) => ({
          alert: rule.alert as string,
          expr: rule.expr,
          signals: rule.expr.replace(/\s*(?:>=|<=|==|!=|>|<)\s*(?:bool\s+)?-?[\d.]+(?:e-?\d+)?/g, ''),
        })),
    );
  });
}

/** Debian's Prometheus with the repository's config and rules, scraping the test pipeline's services. */
async function startPrometheus(stackDir: string): Promise<string> {
  const binary = findPrometheus();
  if (!binary)
    throw new Error('prometheus is not installed (the stack installs it: `pnpm docsort stack up`)');
  // The services wrote their file_sd targets into <stackDir>/prometheus/config/targets.
  const configDir = join(stackDir, 'prometheus', 'config');
  cpSync(prometheusDir, configDir, { recursive: true });
  const [port] = await findFreePorts(1);
  const child: ChildProcess = spawn(
    binary,
    [
      `--config.file=${join(configDir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${createTestDirectory('prometheus')}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    { stdio: 'ignore' },
  );
  onTestFinished(() => {
    child.kill('SIGTERM');
  });
  const url = `http://127.0.0.1:${port}`;
  await waitUntil(async () => (await fetch(`${url}/-/ready`).catch(() => undefined))?.ok === true, {
    timeoutMs: 60_000,
    description: 'Prometheus to be ready',
  });
  return url;
}

interface QueryResult {
  readonly status: string;
  readonly error?: string;
  readonly data?: { result: Array<{ metric: Record<string, string>; value: [number, string] }> };
}

async function query(prometheus: string, expr: string): Promise<QueryResult> {
  const response = await fetch(`${prometheus}/api/v1/query?query=${encodeURIComponent(expr)}`);
  return (await response.json()) as QueryResult;
}

describe('observability on a live Prometheus', () => {
  it('promtool accepts the configuration and the alert rules', async () => {
    const binary = findPrometheus();
    expect(binary, 'prometheus is installed by the stack').toBeDefined();
    const promtool = join(dirname(binary as string), 'promtool');
    const config = await run(promtool, ['check', 'config', join(prometheusDir, 'prometheus.yml')]);
    expect(config.stdout + config.stderr).toContain('SUCCESS');
    const rulesDir = join(prometheusDir, 'rules');
    const rules = await run(promtool, [
      'check',
      'rules',
      ...readdirSync(rulesDir).map((file) => join(rulesDir, file)),
    ]);
    expect(rules.stdout + rules.stderr).toMatch(/SUCCESS: \d+ rules found/);
  });

  it('every dashboard panel and every alert signal returns data while the pipeline runs', async () => {
    const pipeline = await startTestPipeline({ partitions: 3 });
    const prometheus = await startPrometheus(pipeline.stackDir);

    // Every format, badly named, plus bad files for the DLQ panels, and a reviewer's correction.
    const documents = await demoDocuments(loadTaxonomy());
    const bad = [
      { filename: 'scan_0001.pdf', bytes: (await fixtures.pdf(['INVOICE 7'])).subarray(0, 200) },
      { filename: 'scan_0002.pdf', bytes: await fixtures.pdf(['STATEMENT'], { userPassword: 'x' }) },
      { filename: 'empty.txt', bytes: Buffer.alloc(0) },
    ].map((file) => ({ ...file, format: 'bad', expectedLabel: 'none' }));
    // In two waves, each scraped before the next: a counter that first appears with its final value (every
    // document classified between two scrapes) has no increase for rate() to see, and its panel no data.
    const classifiedScraped = async (count: number, wave: string) =>
      waitUntil(
        async () => {
          const up = await query(prometheus, 'sum(up{job="docsort"})');
          const classified = await query(prometheus, 'sum(docsort_classifications_total)');
          return (
            Number(up.data?.result[0]?.value[1]) === 4 &&
            Number(classified.data?.result[0]?.value[1]) === count
          );
        },
        { timeoutMs: 60_000, intervalMs: 1_000, description: `Prometheus to scrape every result of ${wave}` },
      );
    const firstWave = documents.slice(0, 5);
    const first = await submitDocuments(pipeline.api, firstWave);
    await awaitOutcomes(
      pipeline.api,
      first.map((d) => d.documentId),
      { timeoutMs: 180_000 },
    );
    await classifiedScraped(firstWave.length, 'the first wave');
    const submitted = [...first, ...(await submitDocuments(pipeline.api, [...documents.slice(5), ...bad]))];
    const outcomes = await awaitOutcomes(
      pipeline.api,
      submitted.map((d) => d.documentId),
      { timeoutMs: 180_000 },
    );
    expect([...outcomes.values()].filter((o) => o.status === 'classified')).toHaveLength(documents.length);
    expect([...outcomes.values()].filter((o) => o.status === 'failed')).toHaveLength(bad.length);
    const feedback = await fetch(`${pipeline.api}/v1/documents/${submitted[0]?.documentId}/feedback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ label: 'invoice', reviewer: 'observability-test' }),
    });
    expect(feedback.status).toBe(202);
    // And one through the review queue: a document the model was unsure of, filed by the sink, claimed and
    // labelled by a reviewer who disagrees (the precision panel's verdicts).
    const unsure = sampleClassified({
      documentId: submitted[1]?.documentId as string,
      label: 'payslip',
      needsReview: true,
      tenant: null,
    });
    const reviewSerializer = await pipeline.serde.serializer<DocumentClassified>(
      pipeline.catalog.review.subject,
      messageSchema('DocumentClassified'),
    );
    await pipeline.producer.send({
      topic: pipeline.catalog.review.name,
      messages: [{ key: unsure.documentId, value: reviewSerializer.serialize(unsure) }],
    });
    const review = (path: string, body: object) =>
      fetch(`${pipeline.api}/v1/review/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    await waitUntil(async () => (await review('claims', { documentId: unsure.documentId })).status === 200, {
      timeoutMs: 30_000,
      intervalMs: 200,
      description: 'the sink to file the unsure document for review',
    });
    expect((await review(`items/${unsure.documentId}/label`, { label: 'invoice' })).status).toBe(202);

    // Prometheus has scraped the four services after the last result.
    await classifiedScraped(documents.length, 'both waves');
    // Two more scrapes, so every rate() has two samples since the last change.
    await new Promise((resolve) => setTimeout(resolve, 11_000));

    const noData: string[] = [];
    const queries = dashboardQueries();
    // The review queue's series (issue #23) each have a panel.
    for (const family of [
      'docsort_review_items',
      'docsort_review_oldest_item_age_seconds',
      'docsort_review_reviews_total',
      'docsort_review_verdicts_total',
    ]) {
      expect(
        queries.some(({ expr }) => expr.includes(family)),
        `a panel showing ${family}`,
      ).toBe(true);
    }
    for (const { where, expr } of queries) {
      const result = await query(prometheus, expr);
      expect(result.status, `${where}: ${result.error ?? ''}\n${expr}`).toBe('success');
      const values = result.data?.result.map((r) => Number(r.value[1])) ?? [];
      if (!values.some(Number.isFinite)) noData.push(`${where}\n  ${expr}`);
    }
    expect(noData, 'panels that would show "No data"').toEqual([]);

    const alerts = alertExpressions();
    for (const { alert, expr, signals } of alerts) {
      const full = await query(prometheus, expr);
      expect(full.status, `${alert}: ${full.error ?? ''}`).toBe('success');
      const signal = await query(prometheus, signals);
      expect(signal.status, `${alert} signals: ${signal.error ?? ''}`).toBe('success');
      expect(signal.data?.result.length, `${alert}: no data for\n${signals}`).toBeGreaterThan(0);
    }
    // And Prometheus evaluates the loaded rules without error.
    const rules = (await (await fetch(`${prometheus}/api/v1/rules`)).json()) as {
      data: { groups: Array<{ rules: Array<{ name: string; health: string; lastError?: string }> }> };
    };
    const loaded = rules.data.groups.flatMap((g) => g.rules);
    expect(loaded.map((r) => r.name).sort()).toEqual(alerts.map((a) => a.alert).sort());
    expect(loaded.filter((r) => r.health !== 'ok')).toEqual([]);
    console.log(
      `observability: ${queries.length} panel queries and ${alerts.length} alert rules evaluated with data on a live Prometheus`,
    );

    // The services' logs: JSON lines with the service on each, no credentials, no document text.
    const logsDir = join(pipeline.stackDir, 'logs');
    const text = documents.find((d) => d.format === 'txt')?.bytes.toString('utf8') ?? '';
    const phrase = text
      .split('\n')
      .find((line) => line.trim().length > 25)
      ?.trim();
    expect(phrase, 'a line of document text to look for').toBeDefined();
    for (const file of readdirSync(logsDir)) {
      const lines = readFileSync(join(logsDir, file), 'utf8').split('\n').filter(Boolean);
      expect(lines.length, file).toBeGreaterThan(0);
      for (const line of lines) {
        expect(JSON.parse(line), `${file}: ${line}`).toHaveProperty('service');
        expect(line).not.toContain('docsort-secret');
        expect(line).not.toContain(phrase);
      }
    }
  }, 420_000);
});
