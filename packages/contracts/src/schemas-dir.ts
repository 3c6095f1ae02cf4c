import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** schemas/ at the repository root (DOCSORT_SCHEMAS_DIR overrides it, e.g. in a container image). */
export const schemasDir =
  process.env.DOCSORT_SCHEMAS_DIR ??
  join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'schemas');
