import { randomBytes } from 'node:crypto';
import { apiKeyEntry } from '@docsort/ingest-api';
import { Command } from 'commander';

export function apiKeysCommand(): Command {
  const apiKeys = new Command('api-keys').description(
    'API keys for the ingest API: each speaks for one tenant; the service keeps only their SHA-256',
  );
  apiKeys
    .command('create')
    .description(
      'make a new random key: give the key to the client, and add the entry to DOCSORT_INGEST_API_KEYS ' +
        '(comma-separated) or to the file DOCSORT_INGEST_API_KEYS_FILE names (one per line; the Helm ' +
        "chart's ingest.auth.apiKeys Secret)",
    )
    .requiredOption('--tenant <tenant>', 'the tenant whose documents the key may submit and read')
    .action((options: { tenant: string }) => {
      const key = `dsk_${randomBytes(32).toString('base64url')}`;
      console.log(`key    ${key}`);
      console.log(`entry  ${apiKeyEntry(options.tenant, key)}`);
    });
  return apiKeys;
}
