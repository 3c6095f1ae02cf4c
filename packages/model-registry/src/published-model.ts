import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelPublished } from '@docsort/contracts';

/** Without these a model cannot be loaded; everything else in a model directory (report, metrics) is extra. */
export const requiredModelFiles = ['model.json', 'weights.bin', 'tokenizer.json', 'manifest.json'] as const;

/**
 * The further weights files (shards) a large model's model.json lists beside weights.bin: weights.2.bin, …
 * Only those names, the ones the text classifier writes, are accepted: a model.json is data from wherever the
 * model came from, and its paths become file names here and object keys in the store.
 */
export function extraWeightsFiles(modelJson: string): string[] {
  const { weightsManifest } = JSON.parse(modelJson) as { weightsManifest?: Array<{ paths?: string[] }> };
  const extra = (weightsManifest ?? [])
    .flatMap((group) => group.paths ?? [])
    .filter((p) => p !== 'weights.bin');
  for (const path of extra) {
    if (!/^weights\.\d+\.bin$/.test(path))
      throw new Error(`model.json lists a weights file "${path}": expected weights.bin, weights.2.bin, …`);
  }
  return extra;
}

/** The fields of a model's manifest.json that the registry needs (the text classifier writes more). */
export interface PublishableManifest {
  readonly name: string;
  readonly version: string;
  readonly labels: readonly string[];
  readonly dataHash: string;
  readonly backend: string;
  readonly createdAt: string;
  readonly metrics: Record<string, unknown>;
}

/** Reads and checks a model directory before anything is uploaded, so a broken artifact never goes live. */
export function readModelDirectory(dir: string): { manifest: PublishableManifest; files: string[] } {
  const required: string[] = [...requiredModelFiles];
  if (existsSync(join(dir, 'model.json'))) {
    required.push(...extraWeightsFiles(readFileSync(join(dir, 'model.json'), 'utf8')));
  }
  const missing = required.filter((file) => !existsSync(join(dir, file)));
  if (missing.length) throw new Error(`${dir} is not a model directory: ${missing.join(', ')} missing`);
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as PublishableManifest;
  for (const field of ['name', 'version', 'dataHash', 'backend', 'createdAt'] as const) {
    if (typeof manifest[field] !== 'string' || !manifest[field])
      throw new Error(`${dir}/manifest.json: "${field}" missing`);
  }
  if (!/^[\w.-]+$/.test(manifest.name) || !/^[\w.-]+$/.test(manifest.version))
    throw new Error(`${dir}/manifest.json: name and version may hold letters, digits, ".", "_" and "-" only`);
  if (!Array.isArray(manifest.labels) || !manifest.labels.length)
    throw new Error(`${dir}/manifest.json: "labels" missing`);
  // The manifest goes last: its presence in the store marks a complete upload.
  const files = readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name !== 'manifest.json')
    .map((entry) => entry.name)
    .sort();
  return { manifest, files: [...files, 'manifest.json'] };
}

/** The announcement of a published model: where it is and what it knows. */
export function modelPublishedRecord(
  manifest: PublishableManifest,
  bucket: string,
  prefix: string,
  publishedAt: number,
): ModelPublished {
  const metrics = Object.fromEntries(
    Object.entries(manifest.metrics ?? {}).filter((entry): entry is [string, number] =>
      Number.isFinite(entry[1]),
    ),
  );
  return {
    modelName: manifest.name,
    version: manifest.version,
    bucket,
    prefix,
    labels: [...manifest.labels],
    dataHash: manifest.dataHash,
    backend: manifest.backend,
    metrics,
    createdAt: Date.parse(manifest.createdAt) || publishedAt,
    publishedAt,
  };
}
