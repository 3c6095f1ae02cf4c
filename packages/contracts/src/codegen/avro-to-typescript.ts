import type { AvroSchemaJson, AvroSchemaObject, SchemaFile } from '../schema-files.ts';

// What avsc decodes each Avro type to (longs as numbers: epoch milliseconds and sizes fit in 2^53).
const primitives: Record<string, string> = {
  null: 'null',
  boolean: 'boolean',
  int: 'number',
  long: 'number',
  float: 'number',
  double: 'number',
  bytes: 'Buffer',
  string: 'string',
};

function docComment(doc: string | undefined, indent: string): string {
  return doc ? `${indent}/** ${doc.replace(/\*\//g, '*\\/')} */\n` : '';
}

/**
 * Turns the records and enums of Avro schemas into TypeScript declarations. Named types that several schemas
 * define (ObjectLocation) are declared once and must be identical everywhere.
 */
export function avroToTypeScript(files: readonly SchemaFile[], banner: string): string {
  const declarations = new Map<string, { source: string; definition: string }>();

  const declare = (name: string, definition: string, source: string) => {
    const existing = declarations.get(name);
    if (existing && existing.definition !== definition) {
      throw new Error(`${source}: type ${name} differs from its definition in ${existing.source}`);
    }
    if (!existing) declarations.set(name, { source, definition });
  };

  const typeOf = (schema: AvroSchemaJson, source: string): string => {
    if (typeof schema === 'string') return primitives[schema] ?? schema.split('.').pop() ?? schema;
    if (Array.isArray(schema)) return schema.map((member) => typeOf(member, source)).join(' | ');
    return typeOfObject(schema, source);
  };

  const typeOfObject = (schema: AvroSchemaObject, source: string): string => {
    switch (schema.type) {
      case 'record': {
        const name = schema.name ?? 'Anonymous';
        const fields = (schema.fields ?? [])
          .map((field) => `${docComment(field.doc, '  ')}  ${field.name}: ${typeOf(field.type, source)};`)
          .join('\n');
        declare(name, `${docComment(schema.doc, '')}export interface ${name} {\n${fields}\n}`, source);
        return name;
      }
      case 'enum': {
        const name = schema.name ?? 'Anonymous';
        const symbols = schema.symbols ?? [];
        const constName = `${name[0]?.toLowerCase()}${name.slice(1)}Symbols`;
        declare(
          name,
          `export const ${constName} = [${symbols.map((s) => `'${s}'`).join(', ')}] as const;\n` +
            `${docComment(schema.doc, '')}export type ${name} = (typeof ${constName})[number];`,
          source,
        );
        return name;
      }
      case 'array':
        return `Array<${typeOf(schema.items ?? 'null', source)}>`;
      case 'map':
        return `Record<string, ${typeOf(schema.values ?? 'null', source)}>`;
      case 'fixed':
        return 'Buffer';
      default:
        // A primitive with a logical type (uuid, timestamp-millis): the underlying type's representation.
        return typeOf(schema.type, source);
    }
  };

  for (const file of files) typeOf(file.schema, `${file.file}.avsc`);
  const body = [...declarations.values()].map((d) => d.definition).join('\n\n');
  const schemaNames = files.map((file) => `'${file.name}'`).join(' | ');
  return `${banner}\n\n${body}\n\n/** The top-level record of each schema file. */\nexport type SchemaName = ${schemaNames};\n`;
}
