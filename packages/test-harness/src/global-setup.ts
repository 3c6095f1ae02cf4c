import type { TestProject } from 'vitest/node';
import './stack-endpoints.ts';
import { startTestStack, type TestStackKind } from './test-stack.ts';

const kinds: readonly TestStackKind[] = ['auto', 'native', 'containers'];

/** Vitest global setup: the stack starts once per test run and every test file gets its endpoints. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const requested = (process.env.DOCSORT_TEST_STACK ?? 'auto') as TestStackKind;
  if (!kinds.includes(requested)) {
    throw new Error(
      `DOCSORT_TEST_STACK: got ${JSON.stringify(requested)}, expected one of ${kinds.join(', ')}`,
    );
  }
  const stack = await startTestStack(requested);
  project.provide('stackEndpoints', stack.endpoints);
  return () => stack.stop();
}
