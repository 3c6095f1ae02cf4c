import type { StackEndpoints } from '@docsort/local-stack';

/** The stack one test run uses; `stop` undoes exactly what starting it did. */
export interface StartedTestStack {
  readonly kind: 'native' | 'containers';
  readonly endpoints: StackEndpoints;
  stop(): Promise<void>;
}

export type TestStackKind = 'native' | 'containers' | 'auto';

/** True when a Docker (or Podman) engine answers, as testcontainers looks for one. */
export async function isContainerEngineReachable(): Promise<boolean> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}

/**
 * Testcontainers when a container engine is reachable, otherwise the native stack (started if it is not
 * running). DOCSORT_TEST_STACK=native|containers forces one.
 */
export async function startTestStack(
  kind: TestStackKind = 'auto',
  log = console.log,
): Promise<StartedTestStack> {
  const useContainers = kind === 'containers' || (kind === 'auto' && (await isContainerEngineReachable()));
  if (useContainers) {
    log('[test-stack] container engine found: starting the stack with testcontainers');
    const { startContainerTestStack } = await import('./container-test-stack.ts');
    return startContainerTestStack();
  }
  log('[test-stack] no container engine: using the native stack');
  const { startNativeTestStack } = await import('./native-test-stack.ts');
  return startNativeTestStack(log);
}
