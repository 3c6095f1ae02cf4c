import type { ApplyReport } from '@docsort/topic-admin';
import pc from 'picocolors';

export function renderApplyReport(report: ApplyReport): string {
  const lines = report.topics.map((topic) => {
    const action =
      topic.action === 'created'
        ? pc.green('created')
        : topic.action === 'reconfigured'
          ? pc.cyan('updated')
          : 'exists ';
    const note = topic.warning ? pc.yellow(` (${topic.warning})`) : '';
    return `${action}  ${topic.topic.padEnd(24)} ${topic.partitions} partitions${note}`;
  });
  for (const subject of report.subjects) {
    lines.push(`schema   ${subject.subject.padEnd(30)} ${subject.schema.padEnd(24)} id ${subject.schemaId}`);
  }
  return lines.join('\n');
}
