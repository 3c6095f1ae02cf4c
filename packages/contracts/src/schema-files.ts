import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** An Avro schema as JSON, the way it is written in schemas/*.avsc. */
export type AvroSchemaJson = string | AvroSchemaObject | AvroSchemaJson[];
export interface AvroSchemaObject {
  readonly type: string | AvroSchemaJson;
  readonly name?: string;
  readonly namespace?: string;
  readonly doc?: string;
  readonly fields?: readonly {
    readonly name: string;
    readonly type: AvroSchemaJson;
    readonly doc?: string;
    readonly default?: unknown;
  }[];
  readonly symbols?: readonly string[];
  readonly items?: AvroSchemaJson;
  readonly values?: AvroSchemaJson;
  readonly logicalType?: string;
  readonly default?: unknown;
}

export interface SchemaFile {
  /** File name without .avsc, e.g. document-incoming. */
  readonly file: string;
  /** The top-level record's name, e.g. DocumentIncoming. */
  readonly name: string;
  readonly schema: AvroSchemaObject;
}

/** Reads every `*.avsc` in `schemasDir`, sorted by file name. */
export function readSchemaFiles(schemasDir: string): SchemaFile[] {
  return readdirSync(schemasDir)
    .filter((entry) => entry.endsWith('.avsc'))
    .sort()
    .map((entry) => {
      const schema = JSON.parse(readFileSync(join(schemasDir, entry), 'utf8')) as AvroSchemaObject;
      if (schema.type !== 'record' || !schema.name) {
        throw new Error(`${entry}: the top level of a docsort schema must be a named record`);
      }
      return { file: entry.replace(/\.avsc$/, ''), name: schema.name, schema };
    });
}
