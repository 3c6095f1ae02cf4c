import type { SchemaName } from './generated/types.ts';
import { type AvroSchemaObject, readSchemaFiles } from './schema-files.ts';
import { schemasDir } from './schemas-dir.ts';

let cache: ReadonlyMap<SchemaName, AvroSchemaObject> | undefined;

/** The Avro schema of each message, read once from schemas/. */
export function messageSchema(name: SchemaName): AvroSchemaObject {
  cache ??= new Map(readSchemaFiles(schemasDir).map((file) => [file.name as SchemaName, file.schema]));
  const schema = cache.get(name);
  if (!schema) throw new Error(`no schema named ${name} in ${schemasDir}`);
  return schema;
}
