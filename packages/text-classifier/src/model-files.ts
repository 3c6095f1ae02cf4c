import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tf } from './tensorflow-backend.ts';
import './text-cnn.ts';

/** The model shipped in the repository (see its report.md for how it was made), so nothing must be trained first. */
export const defaultModelDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'default-model');

/** The model's topology and weights in memory. */
async function modelArtifacts(model: tf.LayersModel): Promise<tf.io.ModelArtifacts> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!saved) throw new Error('the model saved no artifacts');
  return saved;
}

function modelFromArtifacts(artifacts: tf.io.ModelArtifacts): Promise<tf.LayersModel> {
  return tf.loadLayersModel(tf.io.fromMemory(artifacts));
}

/**
 * Largest weights file written: TF.js splits a model's weights over several files ("shards", listed in
 * model.json) as its converter does, so that no file of a large model outgrows what repositories and object
 * stores handle well (the three-member default model's weights are 34 MB).
 */
const weightsShardBytes = 16 * 1024 * 1024;

/** The name of the n-th weights file (from 1): weights.bin, weights.2.bin, … — what the TF.js converter writes. */
const weightsShardFile = (n: number) => (n === 1 ? 'weights.bin' : `weights.${n}.bin`);
const isWeightsShardFile = (file: string) => /^weights(\.\d+)?\.bin$/.test(file);

/**
 * Saves in the TF.js layers format — model.json and weights.bin (then weights.2.bin, … for a large model) —
 * with plain files, so no backend-specific IO handler (tfjs-node's file://) is needed: any backend, or a
 * browser, loads it.
 */
export async function saveLayersModel(model: tf.LayersModel, dir: string): Promise<void> {
  const artifacts = await modelArtifacts(model);
  mkdirSync(dir, { recursive: true });
  const weights = Buffer.from(artifacts.weightData as ArrayBuffer);
  const paths: string[] = [];
  for (let start = 0, shard = 1; start < weights.length || shard === 1; start += weightsShardBytes, shard++) {
    const path = weightsShardFile(shard);
    writeFileSync(join(dir, path), weights.subarray(start, start + weightsShardBytes));
    paths.push(path);
  }
  const modelJson = {
    format: 'layers-model',
    generatedBy: `TensorFlow.js tfjs-layers v${tf.version.tfjs}`,
    modelTopology: artifacts.modelTopology,
    weightsManifest: [{ paths, weights: artifacts.weightSpecs }],
  };
  writeFileSync(join(dir, 'model.json'), JSON.stringify(modelJson));
  // A larger model saved here before left more shards: gone, or `docsort models publish` (which uploads the
  // whole directory) would carry them along.
  for (const file of readdirSync(dir)) {
    if (isWeightsShardFile(file) && !paths.includes(file)) rmSync(join(dir, file));
  }
}

export async function loadLayersModel(dir: string): Promise<tf.LayersModel> {
  const modelJson = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as {
    modelTopology: object;
    weightsManifest: Array<{ paths: string[]; weights: tf.io.WeightsManifestEntry[] }>;
  };
  const paths = modelJson.weightsManifest.flatMap((group) => group.paths);
  const weights = Buffer.concat(paths.map((path) => readFileSync(join(dir, path))));
  return modelFromArtifacts({
    modelTopology: modelJson.modelTopology,
    weightSpecs: modelJson.weightsManifest.flatMap((group) => group.weights),
    weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
  });
}
