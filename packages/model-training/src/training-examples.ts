import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { extractDocument } from '@docsort/extractors';
import { type ObjectStore, objectKeys, trainingExampleName } from '@docsort/object-store';

/** A real, labelled document for training: what `docsort examples add` stored, as text. */
export interface LabelledExample {
  readonly id: string;
  readonly label: string;
  readonly filename: string;
  readonly text: string;
}

export interface ExampleFile {
  readonly name: string;
  readonly bytes: Buffer;
}

export type AddedExample =
  | { readonly name: string; readonly key: string; readonly format: string; readonly characters: number }
  | { readonly name: string; readonly error: string };

const maxExampleBytes = 50 * 1024 * 1024;

/** Stored under its content hash, so adding the same file twice keeps one copy. */
function exampleKey(label: string, file: ExampleFile): string {
  const hash = createHash('sha256').update(file.bytes).digest('hex');
  return objectKeys.trainingExample(label, hash, basename(file.name));
}

/**
 * Stores example files of a label under `training/<label>/`. Each file is extracted first: one that yields
 * no text (corrupt, encrypted, empty, unsupported) would teach the model nothing and is refused with why.
 */
export async function addTrainingExamples(
  store: ObjectStore,
  bucket: string,
  label: string,
  files: readonly ExampleFile[],
): Promise<AddedExample[]> {
  const added: AddedExample[] = [];
  for (const file of files) {
    try {
      const { format, text } = await extractDocument(file.bytes);
      if (!text.trim()) throw new Error('no text could be extracted');
      const key = exampleKey(label, file);
      await store.write(bucket, key, file.bytes, { 'x-amz-meta-docsort-label': label });
      added.push({ name: file.name, key, format, characters: text.length });
    } catch (error) {
      added.push({ name: file.name, error: (error as Error).message });
    }
  }
  return added;
}

/**
 * Every stored example of the given labels, extracted to text. Examples of labels the taxonomy no longer
 * has, and files that no longer extract, are skipped and reported rather than failing the training run.
 */
export async function loadTrainingExamples(
  store: ObjectStore,
  bucket: string,
  labels: readonly string[],
): Promise<{ examples: LabelledExample[]; skipped: Array<{ key: string; reason: string }> }> {
  const known = new Set(labels);
  const examples: LabelledExample[] = [];
  const skipped: Array<{ key: string; reason: string }> = [];
  for (const key of await store.listKeys(bucket, 'training/')) {
    const label = key.split('/')[1] ?? '';
    if (!known.has(label)) {
      skipped.push({ key, reason: `label "${label}" is not in the taxonomy` });
      continue;
    }
    try {
      const { text } = await extractDocument(await store.read(bucket, key, maxExampleBytes));
      examples.push({ id: key, label, filename: trainingExampleName(key), text });
    } catch (error) {
      skipped.push({ key, reason: (error as Error).message });
    }
  }
  // Keys begin with a content hash, and files carry timestamps (a PDF's creation date): order by what the
  // examples say, so the same examples train the same model.
  examples.sort(
    (a, b) => compare(a.label, b.label) || compare(a.filename, b.filename) || compare(a.text, b.text),
  );
  return { examples, skipped };
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
