import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadClientConfig } from '@docsort/client-config';
import { connectModelRegistry, ModelUnavailableError } from '@docsort/model-registry';
import { loadObjectStoreConfig } from '@docsort/object-store';
import { defaultModelDir } from '@docsort/text-classifier';
import { logLevel } from 'kafkajs';

/**
 * Publishes the shipped model when the store has none under that name, so the pipeline works at once — or
 * when the latest published one is an older shipped model (after a `git pull`); a model of the user's own,
 * versioned after the shipped one, stays.
 */
export async function ensureModel(env: NodeJS.ProcessEnv, name: string): Promise<string> {
  const { registry, close } = await connectModelRegistry(
    // Kafka may still be loading its coordinators right after start: kafkajs retries, quietly.
    loadClientConfig(env, logLevel.NOTHING),
    loadObjectStoreConfig(env),
    { announce: true },
  );
  try {
    const latest = await registry.resolve(name, 'latest');
    const shipped = JSON.parse(readFileSync(join(defaultModelDir, 'manifest.json'), 'utf8')) as {
      name: string;
      version: string;
    };
    if (shipped.name === name && latest.localeCompare(shipped.version) < 0) {
      const record = await registry.publish(defaultModelDir);
      return `model    ${record.modelName} ${record.version} published from the shipped default model (was ${latest})`;
    }
    return `model    ${name} ${latest} (latest published)`;
  } catch (error) {
    if (!(error instanceof ModelUnavailableError)) throw error;
    const record = await registry.publish(defaultModelDir);
    return `model    ${record.modelName} ${record.version} published from the shipped default model`;
  } finally {
    await close();
  }
}
