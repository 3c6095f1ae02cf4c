export {
  type AvroDeserializer,
  type AvroSerializer,
  ConfluentAvroSerde,
  readSchemaId,
  type SerializerOptions,
} from './confluent-avro-serde.ts';
export {
  type CompatibilityLevel,
  SchemaRegistryClient,
  type SchemaRegistryClientOptions,
} from './schema-registry-client.ts';
export { SchemaIncompatibleError, SchemaRegistryError } from './schema-registry-error.ts';
