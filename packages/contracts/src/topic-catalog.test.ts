import { describe, expect, it } from 'vitest';
import { topicCatalog, topicRoles } from './topic-catalog.ts';

describe('topicCatalog', () => {
  it('names the document topics documents.<role> and model announcements models.published', () => {
    const catalog = topicCatalog();
    expect(topicRoles.map((role) => catalog[role].name)).toEqual([
      'documents.incoming',
      'documents.extracted',
      'documents.classified',
      'documents.review',
      'documents.dlq',
      'documents.dlq.parked',
      'documents.feedback',
      'documents.deleted',
      'models.published',
    ]);
    expect(catalog.modelPublished.partitions).toBe(1);
    expect(catalog.incoming.subject).toBe('documents.incoming-value');
  });

  it('pairs each topic with its value schema, review sharing classified’s', () => {
    const catalog = topicCatalog({ prefix: 't-1' });
    expect(catalog.review.valueSchema).toBe(catalog.classified.valueSchema);
    expect(catalog.dlq.valueSchema).toBe('DocumentFailed');
    expect(catalog.dlqParked.valueSchema).toBe('DocumentFailed');
    expect(catalog.dlqParked.subject).toBe('t-1.dlq.parked-value');
    expect(catalog.feedback.name).toBe('t-1.feedback');
  });

  it('keeps the DLQ and what is parked from it longer than the other topics', () => {
    const catalog = topicCatalog({ retentionMs: 1_000, dlqRetentionMs: 5_000 });
    expect(catalog.dlq.retentionMs).toBe(5_000);
    expect(catalog.dlqParked.retentionMs).toBe(5_000);
    expect(catalog.incoming.retentionMs).toBe(1_000);
  });

  it('compacts the erasure records, and only them', () => {
    const catalog = topicCatalog();
    expect(catalog.deleted).toMatchObject({ valueSchema: 'DocumentDeleted', cleanupPolicy: 'compact' });
    expect(catalog.incoming.cleanupPolicy).toBe('delete');
  });
});
