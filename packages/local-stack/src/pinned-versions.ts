/**
 * Versions of the stack's components. Pinned so every machine runs the same servers; docker-compose.yml
 * and the Helm chart use the same versions as images. Bump them together.
 */
export const pinnedVersions = {
  /** org.apache.kafka:kafka_2.13 on Maven Central. */
  kafka: '4.1.1',
  /** Kafka logs through SLF4J 1.7; this binding routes it to the log4j-core that Kafka already depends on. */
  log4jSlf4jBinding: '2.24.3',
  /** io.apicurio:apicurio-registry-app, classifier `all`, type tar.gz, on Maven Central. Needs Java 21+. */
  apicurioRegistry: '3.3.3',
  /** github.com/minio/minio through the Go module proxy (MinIO tags are not semver, hence a pseudo-version). */
  minio: 'v0.0.0-20260212201848-7aac2a2c5b7c',
} as const;

/** Apicurio Registry 3 is built for Java 21; Kafka 4 brokers need 17. One JDK serves both. */
export const minimumJavaMajor = 21;
