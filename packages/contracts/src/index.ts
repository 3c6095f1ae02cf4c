export { type DependencyCall, type DependencyCallListener, measuredCall } from './dependency-call.ts';
export { childDocumentId, deriveDocumentId } from './derived-document-id.ts';
export * from './generated/types.ts';
export { messageSchema } from './message-schemas.ts';
export {
  isRetriable,
  PermanentError,
  PipelineError,
  RetriableError,
  SchemaInvalidError,
} from './pipeline-errors.ts';
export { type ReviewReason, reviewReasons } from './review-reasons.ts';
export { type AvroSchemaObject, readSchemaFiles, type SchemaFile } from './schema-files.ts';
export { schemasDir } from './schemas-dir.ts';
export {
  defaultTopicCatalogOptions,
  type TopicCatalog,
  type TopicCatalogOptions,
  type TopicRole,
  type TopicSpec,
  topicCatalog,
  topicRoles,
} from './topic-catalog.ts';
