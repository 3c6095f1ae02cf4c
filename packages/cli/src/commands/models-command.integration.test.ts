import { execFile } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createKafka, createSchemaRegistryClient, loadClientConfig } from '@docsort/client-config';
import { writeReviewedDocument } from '@docsort/document-results';
import { clientEnvFor } from '@docsort/local-stack';
import { ModelRegistry } from '@docsort/model-registry';
import { ObjectStore, objectKeys } from '@docsort/object-store';
import {
  collectTopics,
  createTestBucket,
  createTestCatalog,
  createTestDirectory,
  testStackEndpoints,
} from '@docsort/test-harness';
import { saveLayersModel, trainTextCnn } from '@docsort/text-classifier';
import { applyTopics } from '@docsort/topic-admin';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const mainScript = join(dirname(fileURLToPath(import.meta.url)), '..', 'main.ts');
const endpoints = testStackEndpoints();
const name = 'tiny-cnn';

const words = { invoice: 'invoice total due payment terms', payslip: 'payslip gross pay net salary tax' };
const documentOf = (label: keyof typeof words, i: number) => ({
  text: `${words[label]} ${i} ${words[label].split(' ').reverse().join(' ')}`,
  filename: `scan_${i}.pdf`,
});

/**
 * A small model directory as `docsort train` writes it, trained in seconds: `right` learns the labels,
 * otherwise it learns each label's documents as the other label — a model that gets every document wrong.
 */
async function tinyModel(version: string, right: boolean): Promise<string> {
  const labelled = (label: keyof typeof words, as: string) =>
    Array.from({ length: 30 }, (_, i) => ({ ...documentOf(label, i), label: as }));
  const train = [
    ...labelled('invoice', right ? 'invoice' : 'payslip'),
    ...labelled('payslip', right ? 'payslip' : 'invoice'),
  ];
  const labels = ['invoice', 'payslip'];
  const trained = await trainTextCnn({ train, validation: train.slice(0, 10), labels, seed: 1, epochs: 8 });
  const dir = createTestDirectory('model');
  await saveLayersModel(trained.model, dir);
  writeFileSync(join(dir, 'tokenizer.json'), JSON.stringify(trained.tokenizer.config));
  writeFileSync(join(dir, 'report.md'), `# Model ${name} ${version}\n`);
  writeFileSync(
    join(dir, 'manifest.json'),
    JSON.stringify({
      name,
      version,
      labels,
      createdAt: new Date().toISOString(),
      dataHash: `hash-${version}`,
      backend: 'wasm',
      metrics: {},
      trainingDistribution: { invoice: 0.5, payslip: 0.5 },
    }),
  );
  trained.model.dispose();
  return dir;
}

describe('docsort models promote', () => {
  it('promotes a candidate that is not worse than the live model on the reviewed documents, refuses a worse one unless forced', async () => {
    const catalog = createTestCatalog(endpoints, 1);
    const bucket = await createTestBucket(endpoints, 'cli-promote');
    const env = {
      ...clientEnvFor(endpoints),
      DOCSORT_TOPIC_PREFIX: catalog.incoming.name.replace(/\.incoming$/, ''),
      DOCSORT_MODEL_TOPIC_PREFIX: catalog.modelPublished.name.replace(/\.published$/, ''),
      DOCSORT_S3_BUCKET: bucket,
    };
    const client = loadClientConfig(env);
    const admin = createKafka(client).admin();
    await admin.connect();
    await applyTopics(admin, createSchemaRegistryClient(client), catalog);
    await admin.disconnect();
    const store = new ObjectStore({ ...endpoints.s3, bucket, inboxBucket: bucket });
    const registry = new ModelRegistry({ store, bucket });
    const [right, wrong] = [await tinyModel('2', true), await tinyModel('3', false)];
    // Live: a model that gets everything wrong (published without the gate, as a first model is).
    await registry.publish(await tinyModel('1', false));
    await registry.upload(right);
    await registry.upload(wrong);
    // 40 reviewed documents, as the feedback sink keeps them.
    for (let i = 0; i < 40; i++) {
      const label = i % 2 ? 'invoice' : 'payslip';
      await writeReviewedDocument(store, {
        documentId: crypto.randomUUID(),
        tenant: null,
        label,
        reviewer: 'jane@acme.example',
        at: Date.now() - i * 1000,
        ...documentOf(label, 100 + i),
      });
    }
    const announcements = await collectTopics(endpoints, [catalog.modelPublished.name]);
    const cli = (...args: string[]) =>
      run(process.execPath, ['--import', 'tsx', mainScript, ...args], {
        env: { ...process.env, ...env },
      }).catch((error: { code: number; stdout: string; stderr: string }) => error);
    const promote = (...args: string[]) => cli('models', 'promote', '--name', name, ...args);
    const latest = () => registry.resolve(name, 'latest');
    const manifest = async (version: string) =>
      (await registry.versions(name)).find((m) => m.version === version) as {
        metrics: Record<string, number>;
      };
    const report = async (version: string) =>
      (await store.read(bucket, `${objectKeys.modelVersion(name, version)}report.md`, 1 << 20)).toString();

    const better = await promote('2');
    expect(better).toMatchObject({ stderr: '' });
    expect(better.stdout).toContain('shadow evaluation on the 40 most recently reviewed documents:');
    expect(better.stdout).toMatch(/candidate 2 +40\/40 right {2}accuracy 1/);
    expect(better.stdout).toMatch(/live +1 +0\/40 right {2}accuracy 0/);
    expect(better.stdout).toContain(`promoted ${name} 2 (not worse than the live model`);
    expect(await latest()).toBe('2');
    expect((await manifest('2')).metrics).toMatchObject({
      shadowDocuments: 40,
      shadowAccuracy: 1,
      shadowLiveAccuracy: 0,
    });
    expect(await report('2')).toMatch(
      /^# Model tiny-cnn 2\n\n## Shadow evaluation\n[\s\S]*\| candidate \| 2 \| 40 \| 1 \|/,
    );

    const worse = await promote('3');
    expect('code' in worse && worse.code).toBe(1);
    expect(worse.stdout).toMatch(/live +2 +40\/40 right/);
    expect(worse.stdout).toContain('not promoted: worse than the live model: 3 labelled 0 of 40');
    expect(await latest()).toBe('2');
    expect((await manifest('3')).metrics).toMatchObject({ shadowAccuracy: 0, shadowLiveAccuracy: 1 });
    expect(await report('3')).toContain('Not promoted: worse than the live model');

    // `models publish` (and so `train --publish`, which calls the same) uploads, then runs the same gate.
    const wrongAgain = createTestDirectory('model');
    cpSync(wrong, wrongAgain, { recursive: true });
    const wrongManifest = JSON.parse(readFileSync(join(wrong, 'manifest.json'), 'utf8'));
    writeFileSync(
      join(wrongAgain, 'manifest.json'),
      JSON.stringify({ ...wrongManifest, version: '4', dataHash: 'hash-4' }),
    );
    const published = await cli('models', 'publish', wrongAgain);
    expect('code' in published && published.code).toBe(1);
    expect(published.stdout).toContain(`uploaded ${name} 4 to s3://${bucket}/models/${name}/4/`);
    expect(published.stdout).toContain('not promoted: worse than the live model: 4 labelled 0 of 40');
    expect(await latest()).toBe('2');

    const forced = await promote('3', '--force');
    expect(forced).toMatchObject({ stderr: '' });
    expect(forced.stdout).toContain('promoted anyway (--force)');
    expect(await latest()).toBe('3');
    // The report holds one comparison: the latest.
    expect((await report('3')).match(/## Shadow evaluation/g)).toHaveLength(1);
    await announcements.waitFor((records) => records.length === 2, 'two models announced');
  }, 240_000);
});
