import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelPublished } from '@docsort/contracts';
import { type ObjectStore, objectKeys } from '@docsort/object-store';
import {
  extraWeightsFiles,
  modelPublishedRecord,
  type PublishableManifest,
  readModelDirectory,
  requiredModelFiles,
} from './published-model.ts';

/** No model to serve: nothing published under that name, or not that version. Says what to do about it. */
export class ModelUnavailableError extends Error {
  override readonly name = 'ModelUnavailableError';
}

export interface ModelRegistryOptions {
  readonly store: ObjectStore;
  readonly bucket: string;
  /** Announces a published model (on models.published); publishing without it only uploads. */
  readonly announce?: (record: ModelPublished) => Promise<void>;
}

const maxModelFileBytes = 512 * 1024 * 1024;

/**
 * Models in the object store: `models/<name>/<version>/` holds each version's files, manifest last;
 * `models/<name>/LATEST` names the version that "latest" means — the one published most recently.
 */
export class ModelRegistry {
  constructor(readonly options: ModelRegistryOptions) {}

  /**
   * Uploads a model directory and makes it live: `upload`, then `promote`. Publishing the same version again
   * with the same data is a no-op re-upload; a different model under an existing version is refused
   * (versions are immutable).
   */
  async publish(dir: string, publishedAt = Date.now()): Promise<ModelPublished> {
    const manifest = await this.upload(dir);
    return this.promote(manifest.name, manifest.version, publishedAt);
  }

  /**
   * Uploads a model directory to `models/<name>/<version>/` without making it live: a candidate that
   * `promote` makes live once it has been judged (see `docsort models promote`).
   */
  async upload(dir: string): Promise<PublishableManifest> {
    const { store, bucket } = this.options;
    const { manifest, files } = readModelDirectory(dir);
    const prefix = objectKeys.modelVersion(manifest.name, manifest.version);
    const existing = await this.#manifestAt(prefix);
    if (existing && existing.dataHash !== manifest.dataHash) {
      throw new Error(
        `${manifest.name} ${manifest.version} is already published with other training data; give this one another version`,
      );
    }
    for (const file of files) await store.write(bucket, `${prefix}${file}`, readFileSync(join(dir, file)));
    return manifest;
  }

  /** Makes an uploaded version the one `latest` means (LATEST), and announces it. */
  async promote(name: string, version: string, publishedAt = Date.now()): Promise<ModelPublished> {
    const { store, bucket } = this.options;
    const prefix = objectKeys.modelVersion(name, version);
    const manifest = await this.#manifestAt(prefix);
    if (!manifest) {
      throw new ModelUnavailableError(
        `model "${name}" has no version ${version} in s3://${bucket}/models/${name}/ to promote — upload it first`,
      );
    }
    await store.write(bucket, objectKeys.latestModelPointer(name), Buffer.from(version));
    const record = modelPublishedRecord(manifest, bucket, prefix, publishedAt);
    await this.options.announce?.(record);
    return record;
  }

  /**
   * Adds what was learnt about an uploaded version after its training — its shadow evaluation — to its
   * manifest's metrics (so `fetch`, ModelPublished and classify see them) and a section of its report.md (a
   * section of the same heading is replaced). Weights and training data stay: it is the same model.
   */
  async annotate(
    name: string,
    version: string,
    notes: { readonly metrics: Record<string, number>; readonly reportSection: string },
  ): Promise<void> {
    const { store, bucket } = this.options;
    const prefix = objectKeys.modelVersion(name, version);
    const manifest = await this.#manifestAt(prefix);
    if (!manifest) throw new ModelUnavailableError(`model "${name}" has no version ${version}`);
    const report =
      (await store.readIfExists(bucket, `${prefix}report.md`, 1024 * 1024))?.toString('utf8') ?? '';
    await store.write(bucket, `${prefix}report.md`, Buffer.from(withSection(report, notes.reportSection)), {
      'content-type': 'text/markdown; charset=utf-8',
    });
    const annotated = { ...manifest, metrics: { ...manifest.metrics, ...notes.metrics } };
    await store.write(
      bucket,
      `${prefix}manifest.json`,
      Buffer.from(`${JSON.stringify(annotated, null, 2)}\n`),
      {
        'content-type': 'application/json',
      },
    );
  }

  /** The published versions of a model, oldest first by creation time. */
  async versions(name: string): Promise<PublishableManifest[]> {
    const keys = await this.options.store.listKeys(this.options.bucket, `models/${name}/`);
    const manifests = await Promise.all(
      keys
        .filter((key) => key.endsWith('/manifest.json'))
        .map((key) => this.#manifestAt(key.slice(0, -'manifest.json'.length))),
    );
    return manifests
      .filter((m): m is PublishableManifest => m !== undefined)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /** `latest` → the version it points at; any other version is checked to exist. */
  async resolve(name: string, version: string): Promise<string> {
    const { store, bucket } = this.options;
    if (version === 'latest') {
      const pointer = await store.readIfExists(bucket, objectKeys.latestModelPointer(name), 1024);
      if (!pointer) {
        throw new ModelUnavailableError(
          `no model "${name}" is published in s3://${bucket}/models/${name}/ — publish one with \`docsort train --publish\` or \`docsort models publish <dir>\``,
        );
      }
      return pointer.toString('utf8').trim();
    }
    if (!(await store.exists(bucket, `${objectKeys.modelVersion(name, version)}manifest.json`))) {
      throw new ModelUnavailableError(
        `model "${name}" has no version ${version} in s3://${bucket}/models/${name}/`,
      );
    }
    return version;
  }

  /**
   * Downloads a version (or `latest`) into `cacheDir/<name>/<version>/`, ready for TextClassifier.load.
   * Files land in a temporary directory first, so a crash never leaves a half model that looks whole.
   */
  async fetch(name: string, version: string, cacheDir: string): Promise<{ dir: string; version: string }> {
    const { store, bucket } = this.options;
    const resolved = await this.resolve(name, version);
    const dir = join(cacheDir, name, resolved);
    const prefix = objectKeys.modelVersion(name, resolved);
    try {
      readModelDirectory(dir);
      return { dir, version: resolved };
    } catch {
      // not cached (or incomplete): download it
    }
    const partial = `${dir}.partial-${process.pid}`;
    rmSync(partial, { recursive: true, force: true });
    mkdirSync(partial, { recursive: true });
    const download = async (file: string) =>
      writeFileSync(join(partial, file), await store.read(bucket, `${prefix}${file}`, maxModelFileBytes));
    for (const file of requiredModelFiles) await download(file);
    for (const file of extraWeightsFiles(readFileSync(join(partial, 'model.json'), 'utf8')))
      await download(file);
    rmSync(dir, { recursive: true, force: true });
    renameSync(partial, dir);
    return { dir, version: resolved };
  }

  async #manifestAt(prefix: string): Promise<PublishableManifest | undefined> {
    const key = `${prefix}manifest.json`;
    const bytes = await this.options.store.readIfExists(this.options.bucket, key, 1024 * 1024);
    return bytes ? (JSON.parse(bytes.toString('utf8')) as PublishableManifest) : undefined;
  }
}

/** `report` with `section` (markdown starting with a `## ` heading) in place of its namesake, or appended. */
function withSection(report: string, section: string): string {
  const heading = section.split('\n', 1)[0] ?? section;
  const start = report.indexOf(`\n${heading}\n`);
  if (start < 0) return report.trim() ? `${report.trimEnd()}\n\n${section.trimEnd()}\n` : section;
  const next = report.indexOf('\n## ', start + heading.length + 1);
  const rest = next < 0 ? '' : report.slice(next);
  return `${report.slice(0, start).trimEnd()}\n\n${section.trimEnd()}\n${rest}`;
}
