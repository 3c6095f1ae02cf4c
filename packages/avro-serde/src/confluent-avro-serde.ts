import { type AvroSchemaObject, SchemaInvalidError } from '@docsort/contracts';
import avro from 'avsc';
import type { SchemaRegistryClient } from './schema-registry-client.ts';

const MAGIC_BYTE = 0;
const HEADER_LENGTH = 5;

export interface AvroSerializer<T> {
  readonly schemaId: number;
  readonly subject: string;
  /** Confluent wire format: magic byte 0, the schema id (4 bytes, big-endian), the Avro binary body. */
  serialize(value: T): Buffer;
}

export interface AvroDeserializer<T> {
  /**
   * Decodes with the writer's schema (fetched by id, cached) resolved to the reader's, so records written
   * with an older compatible version read fine. Throws SchemaInvalidError for anything else.
   */
  deserialize(bytes: Buffer | null): Promise<T>;
}

export interface SerializerOptions {
  /** Register the schema when the subject does not have it yet. Off in services: `topics apply` registers. */
  readonly autoRegister?: boolean;
}

/** Reads the schema id of a Confluent-framed record, or says why the bytes are not one. */
export function readSchemaId(bytes: Buffer | null): number {
  if (!bytes || bytes.length < HEADER_LENGTH) {
    throw new SchemaInvalidError(
      `not Confluent-framed Avro: ${bytes?.length ?? 0} bytes, at least ${HEADER_LENGTH} needed`,
    );
  }
  if (bytes[0] !== MAGIC_BYTE) {
    throw new SchemaInvalidError(
      `not Confluent-framed Avro: magic byte is ${bytes[0]}, expected ${MAGIC_BYTE}`,
    );
  }
  return bytes.readUInt32BE(1);
}

export class ConfluentAvroSerde {
  readonly #registry: SchemaRegistryClient;
  readonly #writerTypes = new Map<number, Promise<avro.Type>>();

  constructor(registry: SchemaRegistryClient) {
    this.#registry = registry;
  }

  async serializer<T>(
    subject: string,
    schema: AvroSchemaObject,
    options: SerializerOptions = {},
  ): Promise<AvroSerializer<T>> {
    const type = avro.Type.forSchema(schema as avro.Schema);
    const text = JSON.stringify(schema);
    const schemaId =
      (await this.#registry.lookup(subject, text)) ??
      (options.autoRegister ? await this.#registry.register(subject, text) : undefined);
    if (schemaId === undefined) {
      throw new SchemaInvalidError(
        `subject ${subject} does not have this version of ${schema.name}; run \`docsort topics apply\` to register it`,
      );
    }
    const header = Buffer.alloc(HEADER_LENGTH);
    header.writeUInt8(MAGIC_BYTE, 0);
    header.writeUInt32BE(schemaId, 1);
    return {
      schemaId,
      subject,
      serialize: (value: T) => Buffer.concat([header, type.toBuffer(value)]),
    };
  }

  deserializer<T>(schema: AvroSchemaObject): AvroDeserializer<T> {
    const readerType = avro.Type.forSchema(schema as avro.Schema);
    const resolvers = new Map<number, avro.Resolver>();
    return {
      deserialize: async (bytes) => {
        const schemaId = readSchemaId(bytes);
        let resolver = resolvers.get(schemaId);
        if (!resolver) {
          const writerType = await this.#writerType(schemaId);
          if (writerType.name !== readerType.name) {
            throw new SchemaInvalidError(
              `record written with schema ${schemaId} (${writerType.name ?? 'unnamed'}), expected ${readerType.name}`,
            );
          }
          try {
            resolver = readerType.createResolver(writerType);
          } catch (error) {
            throw new SchemaInvalidError(
              `schema ${schemaId} cannot be read as ${readerType.name}: ${(error as Error).message}`,
              { cause: error },
            );
          }
          resolvers.set(schemaId, resolver);
        }
        try {
          // bytes is non-null here: readSchemaId checked it.
          return readerType.fromBuffer((bytes as Buffer).subarray(HEADER_LENGTH), resolver) as T;
        } catch (error) {
          throw new SchemaInvalidError(
            `Avro body does not decode with schema ${schemaId}: ${(error as Error).message}`,
            {
              cause: error,
            },
          );
        }
      },
    };
  }

  #writerType(schemaId: number): Promise<avro.Type> {
    let type = this.#writerTypes.get(schemaId);
    if (!type) {
      type = this.#registry.schemaById(schemaId).then(
        (text) => avro.Type.forSchema(JSON.parse(text) as avro.Schema),
        (error: unknown) => {
          // Only a definite "no such id" is the record's fault; anything else may pass (registry down).
          this.#writerTypes.delete(schemaId);
          if ((error as { status?: number }).status === 404) {
            throw new SchemaInvalidError(`unknown schema id ${schemaId}`, { cause: error });
          }
          throw error;
        },
      );
      this.#writerTypes.set(schemaId, type);
    }
    return type;
  }
}
