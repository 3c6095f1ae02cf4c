import { describe, expect, it } from 'vitest';
import { extraWeightsFiles } from './published-model.ts';

const modelJson = (...paths: string[]) => JSON.stringify({ weightsManifest: [{ paths }] });

describe('extraWeightsFiles', () => {
  it('lists the shards a large model has beside weights.bin', () => {
    expect(extraWeightsFiles(modelJson('weights.bin'))).toEqual([]);
    expect(extraWeightsFiles(modelJson('weights.bin', 'weights.2.bin', 'weights.3.bin'))).toEqual([
      'weights.2.bin',
      'weights.3.bin',
    ]);
  });

  it('refuses any other name, so a model.json cannot name files outside the weights', () => {
    for (const path of ['..', '../weights.2.bin', 'manifest.json', 'weights.2.bin.sh', 'evil/weights.2.bin'])
      expect(() => extraWeightsFiles(modelJson('weights.bin', path)), path).toThrow(/expected weights.bin/);
  });
});
