import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { ModelRegistry } from '@docsort/model-registry';
import { loadObjectStoreConfig, ObjectStore } from '@docsort/object-store';
import { defaultModelDir } from '@docsort/text-classifier';

const registryName = /^([\w.-]+)@([\w.-]+)$/;

/**
 * The model directory `--model` names: nothing → the shipped default model; an existing directory → that
 * one; `name@version` (or `name@latest`) → that published version, fetched from the object store into
 * `cacheDir` as the classify service fetches it.
 */
export async function modelDirectory(spec: string | undefined, cacheDir: string): Promise<string> {
  if (spec === undefined) return defaultModelDir;
  if (existsSync(spec) && statSync(spec).isDirectory()) return resolve(spec);
  const named = registryName.exec(spec);
  if (!named) {
    throw new Error(
      `--model ${spec}: neither a model directory nor name@version (e.g. docsort-text-cnn@latest)`,
    );
  }
  const [, name = '', version = ''] = named;
  const storeConfig = loadObjectStoreConfig();
  const registry = new ModelRegistry({ store: new ObjectStore(storeConfig), bucket: storeConfig.bucket });
  const { dir } = await registry.fetch(name, await registry.resolve(name, version), cacheDir);
  return dir;
}
