import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createServiceLogger, loadLogSettings } from './service-logger.ts';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, stream };
}

describe('createServiceLogger', () => {
  it('writes one JSON object per line with the service, level name, ISO time and record context', () => {
    const { lines, stream } = capture();
    const logger = createServiceLogger('extract', { level: 'info', format: 'json' }, stream);
    logger
      .child({ stage: 'extract' })
      .warn({ documentId: 'doc-1', correlationId: 'c-1', topic: 't', partition: 2, offset: '7' }, 'retrying');
    logger.debug({}, 'not at info level');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'warn',
      service: 'extract',
      stage: 'extract',
      documentId: 'doc-1',
      correlationId: 'c-1',
      partition: 2,
      offset: '7',
      msg: 'retrying',
    });
    expect(String(lines[0]?.time)).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('redacts credentials wherever a caller put them', () => {
    const { lines, stream } = capture();
    const logger = createServiceLogger('ingest', { level: 'info', format: 'json' }, stream);
    logger.info(
      {
        password: 'p',
        sasl: { password: 'p2' },
        s3: { secretKey: 'k' },
        headers: { authorization: 'Bearer x' },
      },
      'config',
    );
    const text = JSON.stringify(lines[0]);
    expect(text).not.toMatch(/"p"|"p2"|"k"|Bearer x/);
    expect(text).toContain('[redacted]');
  });
});

describe('loadLogSettings', () => {
  it('reads the level and format, and names the variable of a bad value', () => {
    expect(loadLogSettings({ DOCSORT_LOG_LEVEL: 'debug', DOCSORT_LOG_FORMAT: 'json' })).toEqual({
      level: 'debug',
      format: 'json',
    });
    expect(() => loadLogSettings({ DOCSORT_LOG_LEVEL: 'loud' })).toThrow(/DOCSORT_LOG_LEVEL/);
  });
});
