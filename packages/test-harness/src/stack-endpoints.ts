import type { StackEndpoints } from '@docsort/local-stack';
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    stackEndpoints: StackEndpoints;
  }
}

/** The endpoints of the stack that the global setup started for this run. */
export function testStackEndpoints(): StackEndpoints {
  const endpoints = inject('stackEndpoints');
  if (!endpoints) {
    throw new Error(
      'no stack endpoints: integration tests must run in the "integration" vitest project, whose global setup starts the stack',
    );
  }
  return endpoints;
}
