import { loadClientConfig } from '@docsort/client-config';
import { connectDocumentDeletion } from '@docsort/ingest-api';
import { loadObjectStoreConfig, ObjectStore } from '@docsort/object-store';
import { Command } from 'commander';
import { logLevel } from 'kafkajs';
import pc from 'picocolors';
import { reachableStore } from '../reachable-store.ts';

export function documentsCommand(): Command {
  const documents = new Command('documents').description('documents docsort has stored');
  documents
    .command('delete <ids...>')
    .description(
      'erase documents (GDPR): each original, the documents found inside it, its result and training copies, ' +
        'recorded on documents.deleted so that no replay brings them back; the same as DELETE /v1/documents/{id}',
    )
    .action(async (ids: string[]) => {
      const store = await reachableStore(new ObjectStore(loadObjectStoreConfig()));
      const deletion = await connectDocumentDeletion(
        loadClientConfig(process.env, logLevel.ERROR),
        store,
        'cli',
      );
      try {
        for (const id of ids) {
          const erased = await deletion.erase(id);
          if (!erased) {
            console.log(pc.red(`unknown  ${id}`));
            process.exitCode = 1;
            continue;
          }
          const objects = erased.reduce((sum, record) => sum + record.removedObjects.length, 0);
          console.log(`deleted  ${id} (${erased.length - 1} document(s) inside it, ${objects} object(s))`);
        }
      } finally {
        await deletion.close();
      }
    });
  return documents;
}
