import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfluentAvroSerde, SchemaRegistryClient } from '@docsort/avro-serde';
import { type ModelPublished, messageSchema } from '@docsort/contracts';
import { ObjectStore } from '@docsort/object-store';
import {
  collectTopics,
  createTestBucket,
  createTestCatalog,
  createTestDirectory,
  testKafka,
  testStackEndpoints,
} from '@docsort/test-harness';
import { applyTopics } from '@docsort/topic-admin';
import { describe, expect, it, onTestFinished } from 'vitest';
import { modelAnnouncer } from './model-announcer.ts';
import { ModelRegistry, ModelUnavailableError } from './model-registry.ts';

const endpoints = testStackEndpoints();
const registryClient = new SchemaRegistryClient({ url: endpoints.schemaRegistry.url });
const serde = new ConfluentAvroSerde(registryClient);

/** A model directory as `docsort train` writes it; the registry never looks inside the weights. */
function modelDirectory(version: string, dataHash: string): string {
  const dir = createTestDirectory('model');
  // Version 2 is a large model: its weights in two files, as model.json lists them.
  const weights = version === '2' ? ['weights.bin', 'weights.2.bin'] : ['weights.bin'];
  writeFileSync(
    join(dir, 'model.json'),
    JSON.stringify({ format: 'layers-model', version, weightsManifest: [{ paths: weights, weights: [] }] }),
  );
  writeFileSync(join(dir, 'weights.bin'), Buffer.from(`weights of ${version}`));
  if (weights.length > 1)
    writeFileSync(join(dir, 'weights.2.bin'), Buffer.from(`more weights of ${version}`));
  writeFileSync(join(dir, 'tokenizer.json'), '{}');
  writeFileSync(join(dir, 'report.md'), `# ${version}\n`);
  writeFileSync(
    join(dir, 'manifest.json'),
    JSON.stringify({
      name: 'text-cnn',
      version,
      labels: ['invoice', 'other'],
      dataHash,
      backend: 'wasm',
      createdAt: new Date().toISOString(),
      metrics: { outOfTemplateMacroF1: 0.9, epochs: 7, note: 'not a number' },
    }),
  );
  return dir;
}

async function testRegistry() {
  const bucket = await createTestBucket(endpoints, 'models');
  const store = new ObjectStore({ ...endpoints.s3, bucket, inboxBucket: bucket });
  const catalog = createTestCatalog(endpoints, 1);
  const admin = testKafka(endpoints).admin();
  await admin.connect();
  await applyTopics(admin, registryClient, catalog);
  await admin.disconnect();
  const producer = testKafka(endpoints).producer();
  await producer.connect();
  onTestFinished(() => producer.disconnect());
  const topic = catalog.modelPublished.name;
  const serializer = await serde.serializer<ModelPublished>(
    catalog.modelPublished.subject,
    messageSchema('ModelPublished'),
  );
  const registry = new ModelRegistry({
    store,
    bucket,
    announce: modelAnnouncer(producer, serializer, topic),
  });
  const cacheDir = createTestDirectory('model-cache');
  return { registry, store, bucket, topic, cacheDir };
}

describe('ModelRegistry', () => {
  it('publishes to models/<name>/<version>/, announces on models.published, and fetches latest', async () => {
    const { registry, bucket, topic, cacheDir } = await testRegistry();
    const announcements = await collectTopics(endpoints, [topic]);

    const first = await registry.publish(modelDirectory('1', 'hash-1'));
    const second = await registry.publish(modelDirectory('2', 'hash-2'));
    expect(second).toMatchObject({
      modelName: 'text-cnn',
      version: '2',
      bucket,
      prefix: 'models/text-cnn/2/',
    });
    expect(second.metrics).toEqual({ outOfTemplateMacroF1: 0.9, epochs: 7 });

    await announcements.waitFor((r) => r.length === 2, 'two ModelPublished records');
    const deserializer = serde.deserializer<ModelPublished>(messageSchema('ModelPublished'));
    const records = await Promise.all(announcements.records.map((r) => deserializer.deserialize(r.value)));
    expect(records.map((r) => r.version)).toEqual([first.version, second.version]);
    expect(announcements.records.map((r) => r.key)).toEqual(['text-cnn', 'text-cnn']);

    const latest = await registry.fetch('text-cnn', 'latest', cacheDir);
    expect(latest.version).toBe('2');
    expect(readFileSync(join(latest.dir, 'weights.bin'), 'utf8')).toBe('weights of 2');
    expect(readFileSync(join(latest.dir, 'weights.2.bin'), 'utf8')).toBe('more weights of 2');
    const pinned = await registry.fetch('text-cnn', '1', cacheDir);
    expect(readFileSync(join(pinned.dir, 'weights.bin'), 'utf8')).toBe('weights of 1');
    expect((await registry.versions('text-cnn')).map((m) => m.version)).toEqual(['1', '2']);
  });

  it('says why when there is no model, and refuses to overwrite a version with other data', async () => {
    const { registry, cacheDir } = await testRegistry();
    await expect(registry.fetch('text-cnn', 'latest', cacheDir)).rejects.toThrow(ModelUnavailableError);
    await expect(registry.fetch('text-cnn', 'latest', cacheDir)).rejects.toThrow(/docsort train --publish/);

    await registry.publish(modelDirectory('1', 'hash-1'));
    await expect(registry.fetch('text-cnn', '9', cacheDir)).rejects.toThrow(/no version 9/);
    await expect(registry.publish(modelDirectory('1', 'other-hash'))).rejects.toThrow(/already published/);
    await expect(registry.publish(modelDirectory('1', 'hash-1'))).resolves.toMatchObject({ version: '1' });
  });

  it('uploads a candidate without making it live or announcing it, and promotes it later', async () => {
    const { registry, topic, cacheDir } = await testRegistry();
    const announcements = await collectTopics(endpoints, [topic]);
    await registry.publish(modelDirectory('1', 'hash-1'));
    await expect(registry.promote('text-cnn', '2')).rejects.toThrow(/no version 2 .* upload it first/);
    await registry.upload(modelDirectory('2', 'hash-2'));
    expect(await registry.resolve('text-cnn', 'latest')).toBe('1');
    await registry.annotate('text-cnn', '2', {
      metrics: { shadowAccuracy: 0.9 },
      reportSection: '## Shadow evaluation\n\nfirst\n',
    });
    await registry.annotate('text-cnn', '2', {
      metrics: { shadowAccuracy: 0.95 },
      reportSection: '## Shadow evaluation\n\nsecond\n',
    });
    expect((await registry.promote('text-cnn', '2')).metrics).toEqual({
      outOfTemplateMacroF1: 0.9,
      epochs: 7,
      shadowAccuracy: 0.95,
    });
    await announcements.waitFor((r) => r.length === 2, 'two ModelPublished records');
    const latest = await registry.fetch('text-cnn', 'latest', cacheDir);
    expect(latest.version).toBe('2');
    expect(JSON.parse(readFileSync(join(latest.dir, 'manifest.json'), 'utf8'))).toMatchObject({
      dataHash: 'hash-2',
      metrics: { shadowAccuracy: 0.95 },
    });
  });

  it('refuses a directory that is not a whole model before uploading anything', async () => {
    const { registry, store, bucket } = await testRegistry();
    const broken = createTestDirectory('model');
    writeFileSync(join(broken, 'model.json'), '{}');
    await expect(registry.publish(broken)).rejects.toThrow(
      /weights.bin, tokenizer.json, manifest.json missing/,
    );
    expect(await store.listKeys(bucket, 'models/')).toEqual([]);
  });
});
