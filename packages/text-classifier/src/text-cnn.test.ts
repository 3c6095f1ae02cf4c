import { describe, expect, it } from 'vitest';
import { selectBackend, tf } from './tensorflow-backend.ts';
import { FreshMaskDropout } from './text-cnn.ts';

describe('FreshMaskDropout', () => {
  it('draws a new mask at every training step, reproducibly from its seed, and passes input through at inference', async () => {
    await selectBackend();
    const input = tf.ones([4, 16, 8]);
    const masks = (seed: number) => {
      const layer = new FreshMaskDropout({ rate: 0.5, seed, noiseShape: [null, null, 1] });
      return [1, 2, 3].map(
        () => (layer.apply(input, { training: true }) as tf.Tensor).arraySync() as number[][][],
      );
    };
    const [first, second, third] = masks(7);
    // Tokens dropped whole: every value of a token is 0 or every value is 1 / (1 − rate).
    for (const token of first?.flat() ?? []) expect(new Set(token).size).toBe(1);
    expect(first).not.toEqual(second);
    expect(second).not.toEqual(third);
    expect(masks(7)[0]).toEqual(first);

    const inference = new FreshMaskDropout({ rate: 0.5, seed: 7 }).apply(input) as tf.Tensor;
    expect(inference.arraySync()).toEqual(input.arraySync());
  });
});
