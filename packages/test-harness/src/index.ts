export { type Browser, launchChromium, type Page, pageErrors, screenshot, screenshotDir } from './browser.ts';
export { createTestCatalog, deleteCatalog } from './catalog-fixtures.ts';
export { findFreePorts } from './free-ports.ts';
export { ensureGoBinary } from './go-binary.ts';
export { createTestTopics, testKafka } from './kafka-fixtures.ts';
export { ensurePythonEnvironment } from './python-environment.ts';
export { createTestBucket, removeBucket, testS3Client } from './s3-fixtures.ts';
export {
  sampleClassified,
  sampleDeleted,
  sampleExtracted,
  sampleFailed,
  sampleFeedback,
  sampleIncoming,
  sampleMessage,
  sampleModelPublished,
} from './sample-messages.ts';
export { testStackEndpoints } from './stack-endpoints.ts';
export { createTestDirectory } from './test-directory.ts';
export { type StartedTestStack, startTestStack, testStackKind } from './test-stack.ts';
export { type CollectedRecord, collectTopics, type TopicCollector } from './topic-collector.ts';
export { uniqueName } from './unique-name.ts';
