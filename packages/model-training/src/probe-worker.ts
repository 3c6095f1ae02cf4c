import { parentPort, workerData } from 'node:worker_threads';
import { type ProbeJob, probeProbabilities } from './probe-run.ts';

// The entry of a probe's worker thread (see probeInWorker).
parentPort?.postMessage(await probeProbabilities(workerData as ProbeJob));
