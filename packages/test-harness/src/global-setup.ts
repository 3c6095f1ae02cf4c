import type { TestProject } from 'vitest/node';
import './stack-endpoints.ts';
import { startTestStack, testStackKind } from './test-stack.ts';

/** Vitest global setup: the stack starts once per test run and every test file gets its endpoints. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const stack = await startTestStack(testStackKind(process.env.DOCSORT_TEST_STACK));
  project.provide('stackEndpoints', stack.endpoints);
  return () => stack.stop();
}
