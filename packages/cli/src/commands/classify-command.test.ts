import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { pdf } from '@docsort/document-writers';
import { createTestDirectory } from '@docsort/test-harness';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const mainScript = join(dirname(fileURLToPath(import.meta.url)), '..', 'main.ts');
const docsort = (...args: string[]) => run(process.execPath, ['--import', 'tsx', mainScript, ...args]);

describe('docsort classify', () => {
  it('labels files of a folder by content, offline, and names the DLQ reason of one it cannot read', async () => {
    const dir = createTestDirectory('classify');
    // A payslip under a lying name, and a "PDF" that is not one.
    writeFileSync(
      join(dir, 'invoice_final.pdf'),
      await pdf([
        'PAYSLIP  Pay period: March 2026',
        'Employee: Jane Doe  Employee no. 4411',
        'Basic salary 3,200.00  Overtime 240.00  Gross pay 3,440.00',
        'Income tax -520.00  National insurance -310.00',
        'Net pay 2,610.00  Year to date gross 10,320.00',
      ]),
    );
    writeFileSync(join(dir, 'broken.pdf'), Buffer.from('%PDF-1.7\n1 0 obj <<'));
    const { stdout } = await docsort('classify', dir, '--json');
    const outcomes = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(outcomes.map((o) => o.path)).toEqual([join(dir, 'broken.pdf'), join(dir, 'invoice_final.pdf')]);
    expect(outcomes[0].failure.reason).toBe('CORRUPT');
    expect(outcomes[1].classification).toMatchObject({ label: 'payslip', industry: 'finance' });
    expect(outcomes[1].classification.topK).toHaveLength(3);
    expect(outcomes[1].format).toBe('pdf');
    const table = await docsort('classify', join(dir, 'invoice_final.pdf'));
    expect(table.stdout).toMatch(/invoice_final\.pdf\s+payslip\s+[01]\.\d{3}\s+(no|yes)\s+payslip/);
  }, 60_000);

  it('says so when a path does not exist', async () => {
    await expect(docsort('classify', '/nonexistent/scan_0003.pdf')).rejects.toThrow(/no such file or folder/);
  }, 30_000);
});
