import { describe, expect, it } from 'vitest';
import { loadStackConfig, StackConfigError } from './stack-config.ts';

describe('loadStackConfig', () => {
  it('uses the components’ usual ports and a .stack dir in the repository by default', () => {
    const config = loadStackConfig('/repo', { HOME: '/home/u' });
    expect(config.kafka.port).toBe(9092);
    expect(config.registry.port).toBe(8081);
    expect(config.minio.port).toBe(9000);
    expect(config.prometheus.port).toBe(9090);
    expect(config.stackDir).toBe('/repo/.stack');
    expect(config.cacheDir).toMatch(/\/\.cache\/docsort$/);
  });

  it('reads overrides from the environment', () => {
    const config = loadStackConfig('/repo', {
      DOCSORT_KAFKA_PORT: '19092',
      DOCSORT_STACK_DIR: '/tmp/s',
      DOCSORT_CACHE_DIR: '/tmp/c',
    });
    expect(config.kafka.port).toBe(19092);
    expect(config.stackDir).toBe('/tmp/s');
    expect(config.cacheDir).toBe('/tmp/c');
  });

  it('names the variable, the value and what it must be when a value is invalid', () => {
    expect(() => loadStackConfig('/repo', { DOCSORT_KAFKA_PORT: 'ninety' })).toThrow(
      /DOCSORT_KAFKA_PORT: got "ninety", expected/,
    );
    expect(() => loadStackConfig('/repo', { DOCSORT_MINIO_ROOT_PASSWORD: 'short' })).toThrow(
      StackConfigError,
    );
    expect(() => loadStackConfig('/repo', { DOCSORT_JVM_HEAP: 'lots' })).toThrow(/DOCSORT_JVM_HEAP/);
  });

  it('rejects two components on one port', () => {
    expect(() => loadStackConfig('/repo', { DOCSORT_PROMETHEUS_PORT: '9092' })).toThrow(
      /DOCSORT_PROMETHEUS_PORT: got 9092, expected a port not already used by DOCSORT_KAFKA_PORT/,
    );
  });
});
