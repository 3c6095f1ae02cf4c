export { findFreePorts } from './free-ports.ts';
export { createTestTopics, testKafka } from './kafka-fixtures.ts';
export { createTestBucket, testS3Client } from './s3-fixtures.ts';
export { testStackEndpoints } from './stack-endpoints.ts';
export {
  isContainerEngineReachable,
  type StartedTestStack,
  startTestStack,
} from './test-stack.ts';
export { uniqueName } from './unique-name.ts';
