import { type AvroSchemaObject, SchemaInvalidError } from '@docsort/contracts';
import avro from 'avsc';
import type { SchemaRegistryClient } from './schema-registry-client.ts';
import { SchemaRegistryError } from './schema-registry-error.ts';

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
    // Framed here, not with the library's encode: that one is async (it may fetch the schema by id), and
    // callers serialize synchronously while they build a batch. The id comes from the library's lookup.
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
    const readerName = avro.Type.forSchema(schema as avro.Schema).name;
    // Writer schemas already checked to be this record (by id): the check costs a lookup only once.
    const sameRecord = new Set<number>();
    return {
      deserialize: async (bytes) => {
        const schemaId = readSchemaId(bytes);
        // bytes is non-null from here: readSchemaId checked it.
        const framed = bytes as Buffer;
        if (!sameRecord.has(schemaId)) {
          const writerType = await this.#writerType(schemaId);
          if (writerType.name !== readerName) {
            throw new SchemaInvalidError(
              `record written with schema ${schemaId} (${writerType.name ?? 'unnamed'}), expected ${readerName}`,
            );
          }
          sameRecord.add(schemaId);
        }
        try {
          return (await this.#registry.decode(framed, schema)) as T;
        } catch (error) {
          if (error instanceof SchemaRegistryError) throw error;
          throw new SchemaInvalidError(
            `record with schema ${schemaId} does not decode as ${readerName}: ${(error as Error).message}`,
            { cause: error },
          );
        }
      },
    };
  }

  async #writerType(schemaId: number): Promise<avro.Type> {
    try {
      return await this.#registry.writerType(schemaId);
    } catch (error) {
      // Only a definite "no such id" is the record's fault; anything else may pass (registry down).
      if (error instanceof SchemaRegistryError && error.status === 404) {
        throw new SchemaInvalidError(`unknown schema id ${schemaId}`, { cause: error });
      }
      throw error;
    }
  }
}
