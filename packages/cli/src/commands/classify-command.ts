import { existsSync, statSync } from 'node:fs';
import { filesUnder } from '@docsort/evaluation';
import { type FileOutcome, openFileClassifier } from '@docsort/file-classifier';
import { shownPath } from '@docsort/local-stack';
import { Command, Option } from 'commander';
import pc from 'picocolors';
import { confidence, taxonomyOption } from '../option-parsers.ts';
import { progress } from '../progress.ts';

interface ClassifyCommandOptions {
  model?: string;
  json: boolean;
  taxonomy?: string;
  reviewThreshold?: number;
}

/** Files named, and every file under the folders named (recursively, hidden ones skipped). */
export function expandPaths(paths: readonly string[]): string[] {
  return paths.flatMap((path) => {
    if (!existsSync(path)) throw new Error(`${path}: no such file or folder`);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

function tableRow(o: FileOutcome): string[] {
  const c = o.classification;
  return [
    shownPath(o.path),
    c ? c.label : `failed: ${o.failure?.reason}`,
    c ? c.confidence.toFixed(3) : '',
    c ? (c.unfamiliar ? 'yes (unfamiliar)' : c.needsReview ? 'yes' : 'no') : 'yes',
    c ? c.topK.map((s) => `${s.label} ${s.score.toFixed(2)}`).join(', ') : (o.failure?.message ?? ''),
    String(o.ms),
  ];
}

export function renderTable(outcomes: readonly FileOutcome[]): string {
  const headers = ['file', 'label', 'confidence', 'review', 'top 3', 'ms'];
  const rows = outcomes.map(tableRow);
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [
    pc.bold(line(headers)),
    ...rows.map((r, i) =>
      outcomes[i]?.classification?.needsReview === false ? line(r) : pc.yellow(line(r)),
    ),
  ].join('\n');
}

export function classifyCommand(): Command {
  return new Command('classify')
    .description(
      'classify files offline — no Kafka, no object store: the extract service’s extractors, limits and worker ' +
        'pool, the classify service’s model loading and review routing (DOCSORT_EXTRACT_*, DOCSORT_CLASSIFY_THREADS, ' +
        'DOCSORT_REVIEW_THRESHOLD apply)',
    )
    .argument('<paths...>', 'files, or folders to read recursively')
    .option(
      '--model <dir|name@version>',
      'a model directory, or a published model (name@version, name@latest); default: the shipped model',
    )
    .option('--json', 'one JSON object per file on stdout, as each batch is done', false)
    .addOption(
      new Option(
        '--review-threshold <confidence>',
        'below it a document goes to review (default: DOCSORT_REVIEW_THRESHOLD, 0.6)',
      ).argParser(confidence),
    )
    .addOption(taxonomyOption())
    .action(async (paths: string[], options: ClassifyCommandOptions) => {
      const files = expandPaths(paths);
      if (!files.length) throw new Error(`no files under ${paths.join(', ')}`);
      const classifier = await openFileClassifier({
        ...(options.model ? { model: options.model } : {}),
        ...(options.taxonomy ? { taxonomyFile: options.taxonomy } : {}),
        ...(options.reviewThreshold !== undefined ? { reviewThreshold: options.reviewThreshold } : {}),
      });
      const bar = progress(files.length, 'classify');
      const outcomes: FileOutcome[] = [];
      try {
        for await (const outcome of classifier.classify(files)) {
          outcomes.push(outcome);
          bar.update(outcomes.length);
          if (options.json) console.log(JSON.stringify(outcome));
        }
      } finally {
        bar.stop();
        await classifier.close();
      }
      if (!options.json) {
        console.log(renderTable(outcomes));
        const { name, version } = classifier.model.manifest;
        const failed = outcomes.filter((o) => o.failure).length;
        const review = outcomes.filter((o) => o.classification?.needsReview).length;
        console.log(
          `\n${outcomes.length} file(s) with ${name} ${version}: ${review} to review, ${failed} could not be read.`,
        );
      }
    });
}
