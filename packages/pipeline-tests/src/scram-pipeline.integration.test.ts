import { awaitOutcomes, demoDocuments, submitDocuments } from '@docsort/demo-batch';
import { loadTaxonomy } from '@docsort/taxonomy';
import { testStackEndpoints } from '@docsort/test-harness';
import { describe, expect, it } from 'vitest';
import { startTestPipeline } from './test-pipeline.ts';

describe('the pipeline on an authenticated Kafka listener', () => {
  it('classifies documents with every service connecting over SASL/SCRAM-SHA-512 only', async () => {
    const { kafka } = testStackEndpoints();
    const pipeline = await startTestPipeline({
      partitions: 2,
      env: {
        // The SCRAM listener alone: it refuses clients that do not authenticate.
        DOCSORT_KAFKA_BROKERS: kafka.scramBrokers.join(','),
        DOCSORT_KAFKA_SASL_MECHANISM: 'scram-sha-512',
        DOCSORT_KAFKA_SASL_USERNAME: kafka.scram.username,
        DOCSORT_KAFKA_SASL_PASSWORD: kafka.scram.password,
      },
    });
    const documents = (await demoDocuments(loadTaxonomy())).slice(0, 8);
    const submitted = await submitDocuments(pipeline.api, documents);
    const outcomes = await awaitOutcomes(
      pipeline.api,
      submitted.map((d) => d.documentId),
      { timeoutMs: 120_000 },
    );
    const statuses = [...outcomes.values()].map((o) => o.status);
    expect(statuses).toEqual(documents.map(() => 'classified'));
    // Every service says Kafka is reachable with these credentials.
    for (const service of pipeline.services) {
      const ready = (await (await fetch(service.readyUrl)).json()) as {
        checks: Record<string, { ok: boolean }>;
      };
      expect(ready.checks.kafka?.ok, `${service.name} /readyz`).toBe(true);
    }
  });
});
