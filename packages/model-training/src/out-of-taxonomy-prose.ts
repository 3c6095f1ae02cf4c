import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';

/**
 * Real text that is no business document: the READMEs, changelogs and manuals Debian packages install under
 * /usr/share/doc. Cut into document-sized chunks of several lengths — a short note is as much a document as
 * a long manual, and a model that only ever saw long prose as `other` takes short texts for business
 * documents. A fixed sorted sample, so training is reproducible.
 */
const chunkLengths = [500, 1_000, 2_000, 3_000];

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
    // Lengths cycle every four chunks, so that each quarter of the sample (training/test) has all of them.
    const length = chunkLengths[Math.floor(chunks.length / 4) % chunkLengths.length] as number;
    const whole = readFileSync(file, 'utf8');
    const end = whole.indexOf('\n', length);
    const text = whole.slice(0, end < 0 || end > length + 200 ? length : end); // whole lines where it can
    if (text.replace(/\s/g, '').length > 300) chunks.push({ text, filename: basename(file) });
  }
  return chunks;
}
