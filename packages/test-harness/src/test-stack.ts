import type { StackEndpoints } from '@docsort/local-stack';

/** The stack one test run uses; `stop` undoes exactly what starting it did. */
export interface StartedTestStack {
  readonly kind: TestStackKind;
  readonly endpoints: StackEndpoints;
  stop(): Promise<void>;
}

export type TestStackKind = 'native' | 'containers';

const kinds: readonly TestStackKind[] = ['native', 'containers'];

/**
 * DOCSORT_TEST_STACK: the native stack unless containers are asked for. Never chosen by what the machine
 * happens to have: the containers' stack lacks bucket notifications and a SCRAM listener, so the same
 * command would give a different result on a machine with Docker.
 */
export function testStackKind(requested: string | undefined): TestStackKind {
  const kind = requested === undefined || requested === '' ? 'native' : requested;
  if (!kinds.includes(kind as TestStackKind)) {
    throw new Error(
      `DOCSORT_TEST_STACK: got ${JSON.stringify(requested)}, expected one of ${kinds.join(', ')}`,
    );
  }
  return kind as TestStackKind;
}

/** The native stack (started if it is not running), or testcontainers when `kind` is `containers`. */
export async function startTestStack(kind: TestStackKind, log = console.log): Promise<StartedTestStack> {
  if (kind === 'containers') {
    log('[test-stack] DOCSORT_TEST_STACK=containers: starting the stack with testcontainers');
    const { startContainerTestStack } = await import('./container-test-stack.ts');
    return startContainerTestStack();
  }
  const { startNativeTestStack } = await import('./native-test-stack.ts');
  return startNativeTestStack(log);
}
