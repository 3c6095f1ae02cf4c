import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';

/**
 * Real text that is no business document: the READMEs, changelogs and manuals Debian packages install under
 * /usr/share/doc. Cut into document-sized chunks; a fixed sorted sample, so training is reproducible.
 */
export function proseChunks(root = '/usr/share/doc', limit = 400): Array<{ text: string; filename: string }> {
  const files: string[] = [];
  const walk = (dir: string) => {
    let entries: string[] = [];
    try {
      entries = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(dir, entry);
      const stat = statSync(path, { throwIfNoEntry: false });
      if (stat?.isDirectory()) walk(path);
      else if (
        stat?.isFile() &&
        /\.(txt|md)$|^README$|^NEWS$/i.test(entry) &&
        stat.size > 800 &&
        stat.size < 200_000
      ) {
        files.push(path);
      }
    }
  };
  walk(root);
  const chunks: Array<{ text: string; filename: string }> = [];
  // Every k-th file, so the sample spreads over many packages rather than a few.
  const step = Math.max(1, Math.floor(files.length / limit));
  for (let i = 0; i < files.length && chunks.length < limit; i += step) {
    const file = files[i] as string;
    const text = readFileSync(file, 'utf8').slice(0, 3_000);
    if (text.replace(/\s/g, '').length > 300) chunks.push({ text, filename: basename(file) });
  }
  return chunks;
}
