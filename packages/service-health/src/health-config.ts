import { parseEnv } from '@docsort/client-config';
import { z } from 'zod';

/** DOCSORT_HEALTH_PORT: where /healthz and /readyz listen (0: any free port). */
export function loadHealthPort(defaultPort: number, env: NodeJS.ProcessEnv = process.env): number {
  return parseEnv(
    z.object({
      DOCSORT_HEALTH_PORT: z.coerce
        .number({ message: 'a port number' })
        .int('a port number')
        .min(0, 'a port number')
        .max(65_535, 'a port number')
        .default(defaultPort),
    }),
    env,
  ).DOCSORT_HEALTH_PORT;
}
