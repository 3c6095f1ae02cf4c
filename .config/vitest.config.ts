import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const sources = '{packages,services}/*/src/**';

/**
 * Three projects: `unit` (pure logic, no servers), `integration` (`*.integration.test.ts`, against the real
 * stack that the global setup starts once per run: testcontainers with a Docker engine, else the native
 * stack) and `faults` (`*.fault.test.ts`, which stop the stack's servers: run on their own, `pnpm test:faults`).
 */
export default defineConfig({
  root: repoRoot,
  test: {
    // kafkajs warns on every producer that its default partitioner changed in v2: known, and noise here.
    env: { KAFKAJS_NO_PARTITIONER_WARNING: '1' },
    reporters: ['default', './packages/test-harness/src/summary-line-reporter.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: [`${sources}/*.test.ts`],
          exclude: [`${sources}/*.integration.test.ts`, `${sources}/*.fault.test.ts`, '**/node_modules/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: [`${sources}/*.integration.test.ts`],
          globalSetup: ['./packages/test-harness/src/global-setup.ts'],
          // The first run on a fresh machine builds and downloads the stack inside the global setup.
          hookTimeout: 900_000,
          testTimeout: 180_000,
        },
      },
      {
        extends: true,
        test: {
          // The fault suite stops and starts the stack's servers: one file at a time, after the others.
          name: 'faults',
          include: [`${sources}/*.fault.test.ts`],
          globalSetup: ['./packages/test-harness/src/global-setup.ts'],
          fileParallelism: false,
          hookTimeout: 900_000,
          testTimeout: 600_000,
        },
      },
    ],
  },
});
