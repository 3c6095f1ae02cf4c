import { describe, expect, it } from 'vitest';
import { loadClientConfig } from './client-config.ts';
import { ConfigError } from './env-config.ts';

describe('loadClientConfig', () => {
  it('reaches the native stack by default', () => {
    const config = loadClientConfig({});
    expect(config.kafka.brokers).toEqual(['127.0.0.1:9092']);
    expect(config.kafka.sasl).toBeUndefined();
    expect(config.schemaRegistry.url).toBe('http://127.0.0.1:8081/apis/ccompat/v7');
    expect(config.topics.incoming.name).toBe('documents.incoming');
  });

  it('takes SASL/SCRAM, TLS, registry auth and a topic prefix from the environment', () => {
    const config = loadClientConfig({
      DOCSORT_KAFKA_BROKERS: 'a:9092,b:9093',
      DOCSORT_KAFKA_SSL: 'true',
      DOCSORT_KAFKA_SASL_MECHANISM: 'scram-sha-512',
      DOCSORT_KAFKA_SASL_USERNAME: 'u',
      DOCSORT_KAFKA_SASL_PASSWORD: 'p',
      DOCSORT_SCHEMA_REGISTRY_USERNAME: 'r',
      DOCSORT_SCHEMA_REGISTRY_PASSWORD: 's',
      DOCSORT_TOPIC_PREFIX: 'acme',
      DOCSORT_TOPIC_PARTITIONS: '12',
    });
    expect(config.kafka).toMatchObject({
      brokers: ['a:9092', 'b:9093'],
      ssl: true,
      sasl: { mechanism: 'scram-sha-512', username: 'u', password: 'p' },
    });
    expect(config.schemaRegistry.auth).toEqual({ username: 'r', password: 's' });
    expect(config.topics.dlq.name).toBe('acme.dlq');
    expect(config.topics.dlq.partitions).toBe(12);
  });

  it('names each invalid variable with its value and what it must be', () => {
    const attempt = () =>
      loadClientConfig({
        DOCSORT_KAFKA_BROKERS: 'no-port',
        DOCSORT_TOPIC_PARTITIONS: '-3',
        DOCSORT_KAFKA_SSL: 'yes',
      });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/DOCSORT_KAFKA_BROKERS: got "no-port", expected comma-separated host:port pairs/);
    expect(attempt).toThrow(/DOCSORT_TOPIC_PARTITIONS: got "-3"/);
    expect(attempt).toThrow(/DOCSORT_KAFKA_SSL: got "yes", expected true or false/);
  });

  it('requires credentials with a SASL mechanism', () => {
    expect(() => loadClientConfig({ DOCSORT_KAFKA_SASL_MECHANISM: 'scram-sha-256' })).toThrow(
      /DOCSORT_KAFKA_SASL_USERNAME: got nothing, expected a username/,
    );
  });
});
