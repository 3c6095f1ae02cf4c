import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

const require = createRequire(import.meta.url);

export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

/**
 * The wasm backend has no UnsortedSegmentSum, which is the gradient of an embedding lookup, so it cannot
 * train an embedding. This computes it in JavaScript on the wasm heap; everything else stays in wasm.
 */
function registerWasmTrainingKernels(): void {
  if (tf.getKernel('UnsortedSegmentSum', 'wasm')) return;
  tf.registerKernel({
    kernelName: 'UnsortedSegmentSum',
    backendName: 'wasm',
    kernelFunc: ({ inputs, attrs, backend }) => {
      // The wasm backend's internals (readSync, makeOutput, typedArrayFromHeap) are not in its typings.
      const wasm = backend as unknown as {
        readSync(dataId: object): ArrayLike<number>;
        makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
        typedArrayFromHeap(info: tf.TensorInfo): Float32Array;
      };
      const { x, segmentIds } = inputs as { x: tf.TensorInfo; segmentIds: tf.TensorInfo };
      const { numSegments } = attrs as unknown as { numSegments: number };
      const values = wasm.readSync(x.dataId);
      const ids = wasm.readSync(segmentIds.dataId);
      const inner = x.shape.slice(1).reduce((a, b) => a * b, 1);
      const out = wasm.makeOutput([numSegments, ...x.shape.slice(1)], x.dtype);
      const target = wasm.typedArrayFromHeap(out);
      target.fill(0);
      for (let i = 0; i < ids.length; i++) {
        const segment = ids[i] ?? -1;
        if (segment < 0 || segment >= numSegments) continue;
        for (let j = 0; j < inner; j++)
          target[segment * inner + j] = (target[segment * inner + j] ?? 0) + (values[i * inner + j] ?? 0);
      }
      return out;
    },
  });
}

let chosen: Promise<BackendName> | undefined;

/**
 * The fastest TF.js backend this machine has: tfjs-node (native TensorFlow; optional, as its install
 * downloads libtensorflow from outside the npm registry), then wasm (shipped .wasm files), then cpu.
 */
export function selectBackend(log: (message: string) => void = () => undefined): Promise<BackendName> {
  chosen ??= (async () => {
    try {
      await import(/* optional dependency */ '@tensorflow/tfjs-node' as string);
      await tf.setBackend('tensorflow');
      await tf.ready();
      log('TF.js backend: tensorflow (tfjs-node)');
      return 'tensorflow';
    } catch {
      // Not installed here: fall through.
    }
    try {
      setWasmPaths(`${join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm')), '/')}`);
      registerWasmTrainingKernels();
      if (await tf.setBackend('wasm')) {
        await tf.ready();
        log('TF.js backend: wasm (tfjs-node not installed)');
        return 'wasm';
      }
    } catch (error) {
      log(`TF.js wasm backend unavailable: ${(error as Error).message}`);
    }
    await tf.setBackend('cpu');
    await tf.ready();
    log('TF.js backend: cpu (slow: neither tfjs-node nor wasm is available)');
    return 'cpu';
  })();
  return chosen;
}

export { tf };
