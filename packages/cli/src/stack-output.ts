import { stripVTControlCharacters } from 'node:util';
import type { ComponentName, ComponentStatus, StackLog } from '@docsort/local-stack';
import pc from 'picocolors';

const componentColors: Record<ComponentName, (text: string) => string> = {
  kafka: pc.cyan,
  'schema-registry': pc.magenta,
  minio: pc.yellow,
  prometheus: pc.green,
};

/** Streams component progress to stderr, one prefixed line each, so stdout stays for results. */
export const printStackLog: StackLog = (component, line) => {
  const color = componentColors[component];
  process.stderr.write(`${color(`[${component}]`)} ${line}\n`);
};

const stateColors = {
  running: pc.green,
  external: pc.blue,
  stopped: pc.red,
} as const;

export function renderStatusTable(statuses: readonly ComponentStatus[]): string {
  const rows = statuses.map((status) => [
    status.name,
    stateColors[status.state](status.state),
    status.pid === undefined ? '-' : String(status.pid),
  ]);
  const widths = [15, 9, 8];
  const pad = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd((widths[i] ?? 0) + (cell.length - stripVTControlCharacters(cell).length)))
      .join('  ');
  return [pc.bold(pad(['COMPONENT', 'STATE', 'PID'])), ...rows.map(pad)].join('\n');
}

export function renderEndpoints(statuses: readonly ComponentStatus[]): string {
  const lines: string[] = [];
  for (const status of statuses) {
    lines.push(pc.bold(status.name));
    for (const [label, url] of Object.entries(status.urls)) lines.push(`  ${label.padEnd(26)} ${url}`);
    lines.push(`  ${'log'.padEnd(26)} ${status.logFile}`);
  }
  return lines.join('\n');
}
