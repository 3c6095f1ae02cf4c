import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';

/** Enough for the last lines of any log: a server's log grows for as long as the stack dir lives. */
const maxTailBytes = 64 * 1024;

/** The last `lines` lines of `file`, reading only what was written from byte `from` on (its end, at most). */
export function readLogTail(file: string, lines: number, from = 0): string[] {
  if (!existsSync(file)) return [];
  const size = statSync(file).size;
  const start = Math.max(from, size - maxTailBytes);
  if (start >= size) return [];
  const buffer = Buffer.alloc(size - start);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, buffer, 0, buffer.length, start);
  } finally {
    closeSync(fd);
  }
  return buffer.toString('utf8').trimEnd().split('\n').slice(-lines);
}
