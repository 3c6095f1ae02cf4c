export {
  type AvroDeserializer,
  type AvroSerializer,
  ConfluentAvroSerde,
  readSchemaId,
  type SerializerOptions,
} from './confluent-avro-serde.ts';
export {
  type CompatibilityLevel,
  SchemaIncompatibleError,
  SchemaRegistryClient,
  type SchemaRegistryClientOptions,
  SchemaRegistryError,
} from './schema-registry-client.ts';
