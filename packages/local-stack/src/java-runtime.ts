import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface JavaRuntime {
  readonly javaBin: string;
  readonly home: string;
  readonly major: number;
}

export class JavaNotFoundError extends Error {
  override readonly name = 'JavaNotFoundError';
}

function majorFromReleaseFile(home: string): number | undefined {
  try {
    const match = /^JAVA_VERSION="(\d+)/m.exec(readFileSync(join(home, 'release'), 'utf8'));
    return match?.[1] ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

function majorFromBinary(javaBin: string): number | undefined {
  try {
    // `java -version` prints to stderr, e.g. `openjdk version "21.0.2"` (or "1.8.0" for Java 8).
    const output = execFileSync(javaBin, ['-version'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return parseMajor(output);
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr;
    return stderr ? parseMajor(stderr) : undefined;
  }
}

function parseMajor(versionOutput: string): number | undefined {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(versionOutput);
  if (!match?.[1]) return undefined;
  return match[1] === '1' ? Number(match[2]) : Number(match[1]);
}

function candidateHomes(env: NodeJS.ProcessEnv): string[] {
  const homes: string[] = [];
  if (env.JAVA_HOME) homes.push(env.JAVA_HOME);
  for (const dir of (env.PATH ?? '').split(':')) {
    const bin = join(dir, 'java');
    if (dir && existsSync(bin)) homes.push(dirname(dirname(realpathSync(bin))));
  }
  for (const root of ['/usr/lib/jvm', '/opt/java', '/usr/local/lib/jvm']) {
    if (!existsSync(root)) continue;
    for (const entry of readdirSync(root)) homes.push(join(root, entry));
  }
  return [...new Set(homes)];
}

/**
 * Finds the newest installed JDK/JRE of at least `minimumMajor`: JAVA_HOME, then `java` on PATH, then the
 * usual install roots. Machines often carry several JDKs, and the default is not always the newest.
 */
export function findJavaRuntime(minimumMajor: number, env: NodeJS.ProcessEnv = process.env): JavaRuntime {
  const found: JavaRuntime[] = [];
  for (const home of candidateHomes(env)) {
    const javaBin = join(home, 'bin', 'java');
    if (!existsSync(javaBin)) continue;
    const major = majorFromReleaseFile(home) ?? majorFromBinary(javaBin);
    if (major !== undefined) found.push({ javaBin, home, major });
  }
  const suitable = found.filter((java) => java.major >= minimumMajor).sort((a, b) => b.major - a.major);
  if (suitable[0]) return suitable[0];
  const seen = found.length ? found.map((java) => `${java.major} (${java.home})`).join(', ') : 'none';
  throw new JavaNotFoundError(
    `the local stack needs Java ${minimumMajor} or newer (Apicurio Registry 3 is built for it); found: ${seen}. ` +
      `Install a JDK ${minimumMajor}+ and/or set JAVA_HOME to it.`,
  );
}
