import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, resolve } from 'node:path';
import { z } from 'zod';

/** A file whose right label a person has said. */
export interface LabelledFile {
  /** Absolute path. */
  readonly path: string;
  readonly label: string;
  /** From the manifest, else the file's extension (lowercase, `jpg` for jpeg). */
  readonly format: string;
  readonly language?: string;
}

const manifestLine = z.object({
  path: z.string().min(1),
  label: z.string().min(1),
  format: z.string().min(1).optional(),
  language: z.string().min(1).optional(),
});

export class LabelledFolderError extends Error {
  override readonly name = 'LabelledFolderError';
}

export function formatOfPath(path: string): string {
  const ext = extname(path).slice(1).toLowerCase();
  return ext === 'jpeg' ? 'jpg' : ext || 'none';
}

/** Every file under `dir`, recursively, sorted; hidden files and folders skipped. */
export function filesUnder(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...filesUnder(path));
    else if (entry.isFile()) files.push(path);
  }
  return files;
}

/**
 * A labelled folder, in either layout: a `manifest.jsonl` (one `{"path", "label"}` object per line, paths
 * relative to the folder; `format` and `language` optional), or one subfolder per label holding its files.
 */
export function readLabelledFolder(folder: string): LabelledFile[] {
  const dir = resolve(folder);
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new LabelledFolderError(`${folder} is not a folder`);
  const manifest = join(dir, 'manifest.jsonl');
  const files = existsSync(manifest) ? fromManifest(dir, manifest) : fromSubfolders(dir);
  if (!files.length) {
    throw new LabelledFolderError(
      `${folder} holds no labelled files: give it a manifest.jsonl ({"path", "label"} per line) or one subfolder per label`,
    );
  }
  return files;
}

function fromManifest(dir: string, manifest: string): LabelledFile[] {
  const problems: string[] = [];
  const files: LabelledFile[] = [];
  readFileSync(manifest, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (!line.trim()) return;
      let parsed: z.infer<typeof manifestLine>;
      try {
        parsed = manifestLine.parse(JSON.parse(line));
      } catch (error) {
        problems.push(
          `line ${i + 1}: ${error instanceof z.ZodError ? z.prettifyError(error) : (error as Error).message}`,
        );
        return;
      }
      const path = resolve(dir, parsed.path);
      if (relative(dir, path).startsWith('..'))
        problems.push(`line ${i + 1}: ${parsed.path} is outside the folder`);
      else if (!existsSync(path)) problems.push(`line ${i + 1}: ${parsed.path} does not exist`);
      else
        files.push({
          path,
          label: parsed.label,
          format: parsed.format?.toLowerCase() ?? formatOfPath(path),
          ...(parsed.language ? { language: parsed.language } : {}),
        });
    });
  if (problems.length) throw new LabelledFolderError(`${manifest}:\n  ${problems.slice(0, 20).join('\n  ')}`);
  return files;
}

function fromSubfolders(dir: string): LabelledFile[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((label) =>
      filesUnder(join(dir, label.name)).map((path) => ({
        path,
        label: label.name,
        format: formatOfPath(path),
      })),
    );
}
