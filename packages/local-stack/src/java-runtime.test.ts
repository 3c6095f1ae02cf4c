import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { findJavaRuntime, JavaNotFoundError } from './java-runtime.ts';

function fakeJdk(major: number): string {
  const home = mkdtempSync(join(tmpdir(), `docsort-jdk${major}-`));
  onTestFinished(() => rmSync(home, { recursive: true, force: true }));
  mkdirSync(join(home, 'bin'));
  writeFileSync(join(home, 'bin', 'java'), '#!/bin/sh\nexit 0\n');
  chmodSync(join(home, 'bin', 'java'), 0o755);
  writeFileSync(join(home, 'release'), `JAVA_VERSION="${major}.0.1"\n`);
  return home;
}

describe('findJavaRuntime', () => {
  it('picks a JDK new enough, by its release file', () => {
    const home = fakeJdk(99);
    const java = findJavaRuntime(99, { JAVA_HOME: home, PATH: '' });
    expect(java).toEqual({ home, javaBin: join(home, 'bin', 'java'), major: 99 });
  });

  it('says which versions it found when none is new enough', () => {
    const home = fakeJdk(11);
    expect(() => findJavaRuntime(999, { JAVA_HOME: home, PATH: '' })).toThrow(JavaNotFoundError);
    expect(() => findJavaRuntime(999, { JAVA_HOME: home, PATH: '' })).toThrow(
      new RegExp(`needs Java 999 or newer.*found: .*11 \\(${home}\\)`),
    );
  });
});
