import { writeFileSync } from 'node:fs';
import { generatedTypesFile, renderGeneratedTypes } from './generated-types.ts';

writeFileSync(generatedTypesFile, renderGeneratedTypes());
console.log(`wrote ${generatedTypesFile}`);
