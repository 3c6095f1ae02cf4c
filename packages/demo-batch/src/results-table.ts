import pc from 'picocolors';
import type { DocumentOutcome, SubmittedDocument } from './demo-client.ts';

/** file → what docsort says it is, against what it really is, with confidence, review flag and latency. */
export function renderResultsTable(
  documents: readonly SubmittedDocument[],
  outcomes: ReadonlyMap<string, DocumentOutcome>,
): string {
  const rows = documents.map((d) => {
    const o = outcomes.get(d.documentId) ?? { status: 'pending' as const };
    const label =
      o.status === 'classified'
        ? (o.label ?? '?')
        : o.status === 'failed'
          ? `failed: ${o.reason}`
          : 'pending';
    return {
      file: d.filename,
      format: d.format,
      label,
      right: o.status === 'classified' && o.label === d.expectedLabel,
      truth: d.expectedLabel,
      confidence: o.confidence === undefined ? '' : o.confidence.toFixed(2),
      review: o.needsReview ? 'yes' : o.status === 'classified' ? 'no' : '',
      latency: o.latencyMs === undefined ? '' : `${o.latencyMs} ms`,
    };
  });
  const headers = ['file', 'format', 'label', 'really', 'confidence', 'review', 'latency'];
  const cells = rows.map((r) => [r.file, r.format, r.label, r.truth, r.confidence, r.review, r.latency]);
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (values: readonly string[]) => values.map((v, i) => v.padEnd(widths[i] ?? 0)).join('  ');
  const correct = rows.filter((r) => r.right).length;
  return [
    pc.bold(line(headers)),
    ...rows.map((r, i) => {
      const text = line(cells[i] ?? []);
      return r.right ? text : pc.yellow(text);
    }),
    '',
    `${correct} of ${rows.length} labelled as what they really are; ` +
      `${rows.filter((r) => r.review === 'yes').length} sent to review (documents.review).`,
  ].join('\n');
}
