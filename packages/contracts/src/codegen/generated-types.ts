import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readSchemaFiles } from '../schema-files.ts';
import { schemasDir } from '../schemas-dir.ts';
import { avroToTypeScript } from './avro-to-typescript.ts';

export const generatedTypesFile = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  'generated',
  'types.ts',
);

const banner = `// Generated from schemas/*.avsc by \`pnpm --filter @docsort/contracts generate\`. Do not edit:
// change the schema and generate again (a test fails while this file and the schemas disagree).`;

export function renderGeneratedTypes(): string {
  return avroToTypeScript(readSchemaFiles(schemasDir), banner);
}
