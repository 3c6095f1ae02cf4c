const maxLength = 255;

/**
 * The client's filename as a harmless label: path components dropped (`../../etc/passwd` → `passwd`),
 * control characters removed, capped at 255 characters. It is never used as a storage key.
 */
export function sanitizeFilename(raw: string | undefined | null): string {
  const base = (raw ?? '').split(/[\\/]/).pop() ?? '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed.
  const clean = base.replace(/[\u0000-\u001F\u007F]/g, '').trim();
  const name = clean === '.' || clean === '..' ? '' : clean;
  return (name || 'unnamed').slice(0, maxLength);
}
