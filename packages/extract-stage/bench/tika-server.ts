// Apache Tika server for the extraction benchmark: the reference docsort's extraction is measured against.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { findJavaRuntime, waitUntil } from '@docsort/local-stack';

export const tikaVersion = '3.3.2';

export interface TikaServer {
  readonly pid: number;
  /** Extracts `doc` as plain text; its length in characters. */
  readonly extract: (doc: Buffer) => Promise<number>;
  /** Extracts `doc` as plain text, OCR'd with the Tesseract models of `ocrLanguages` (e.g. eng+fra). */
  readonly read: (doc: Buffer, ocrLanguages: string) => Promise<string>;
  readonly stop: () => void;
}

/** Whether Tika can OCR here: it runs the `tesseract` program when one is on the PATH, and skips images else. */
export function tikaCanOcr(): boolean {
  try {
    execFileSync('tesseract', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** `tika-server-standard` (fetched from Maven Central into `cacheDir` once), started on `port`. */
export async function startTika(cacheDir: string, port: number): Promise<TikaServer> {
  const jar = join(cacheDir, 'tika', `tika-server-standard-${tikaVersion}.jar`);
  if (!existsSync(jar)) {
    process.stderr.write(
      `fetching org.apache.tika:tika-server-standard:${tikaVersion} from Maven Central…\n`,
    );
    execFileSync(
      'mvn',
      [
        '-B',
        '-q',
        `-Dmaven.repo.local=${join(cacheDir, 'm2')}`,
        'dependency:copy',
        `-Dartifact=org.apache.tika:tika-server-standard:${tikaVersion}`,
        `-DoutputDirectory=${join(cacheDir, 'tika')}`,
      ],
      { stdio: 'inherit' },
    );
  }
  const java = findJavaRuntime(17).javaBin;
  const tika = spawn(java, ['-Xmx1g', '-jar', jar, '--host', '127.0.0.1', '--port', String(port)], {
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  await waitUntil(async () => (await fetch(`${url}/tika`).catch(() => undefined))?.ok === true, {
    timeoutMs: 120_000,
    description: 'Tika server to answer',
  });
  const read = async (doc: Buffer, headers: Record<string, string> = {}) => {
    const response = await fetch(`${url}/tika`, {
      method: 'PUT',
      body: doc,
      headers: { accept: 'text/plain', ...headers },
    });
    if (!response.ok) throw new Error(`Tika answered ${response.status}`);
    return response.text();
  };
  return {
    pid: tika.pid as number,
    extract: async (doc) => (await read(doc)).length,
    read: (doc, ocrLanguages) => read(doc, { 'X-Tika-OCRLanguage': ocrLanguages }),
    stop: () => tika.kill('SIGTERM'),
  };
}
