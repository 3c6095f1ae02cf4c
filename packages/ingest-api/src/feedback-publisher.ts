import type { AvroSerializer } from '@docsort/avro-serde';
import type { ClassificationFeedback } from '@docsort/contracts';
import type { Producer } from 'kafkajs';

/** Produces reviewers' corrections to documents.feedback, keyed by documentId, acknowledged before the reply. */
export function feedbackPublisher(
  producer: Producer,
  serializer: AvroSerializer<ClassificationFeedback>,
  topic: string,
): (feedback: ClassificationFeedback) => Promise<void> {
  return async (feedback) => {
    await producer.send({
      topic,
      acks: -1,
      messages: [{ key: feedback.documentId, value: serializer.serialize(feedback) }],
    });
  };
}
