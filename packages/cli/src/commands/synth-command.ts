import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { sampleFile, sampleFormats, synthesize } from '@docsort/synth';
import { loadTaxonomy } from '@docsort/taxonomy';
import { SingleBar } from 'cli-progress';
import { Command, InvalidArgumentError, Option } from 'commander';
import { positiveInt, taxonomyOption } from '../option-parsers.ts';

const formatList = (value: string) => {
  const formats = value.split(',').map((f) => f.trim());
  const unknown = formats.filter((f) => !(sampleFormats as readonly string[]).includes(f));
  if (unknown.length)
    throw new InvalidArgumentError(
      `unknown format(s) ${unknown.join(', ')}; known: ${sampleFormats.join(', ')}`,
    );
  return formats;
};

export function synthCommand(): Command {
  return new Command('synth')
    .description('write synthetic documents for every label (and out-of-taxonomy "other"), with a manifest')
    .requiredOption('-o, --out <dir>', 'directory to write into')
    .addOption(
      new Option('--seed <n>', 'random seed: the same seed writes the same files')
        .default(42)
        .argParser(positiveInt),
    )
    .addOption(
      new Option('--per-label <n>', 'in-template documents per label').default(20).argParser(positiveInt),
    )
    .addOption(
      new Option('--formats <list>', `comma-separated, of ${sampleFormats.join(', ')}`)
        .default(['pdf', 'docx', 'xlsx', 'txt', 'html', 'eml'])
        .argParser(formatList),
    )
    .addOption(taxonomyOption())
    .action(
      async (options: {
        out: string;
        seed: number;
        perLabel: number;
        formats: string[];
        taxonomy?: string;
      }) => {
        const taxonomy = loadTaxonomy(options.taxonomy);
        const samples = [
          ...synthesize({
            taxonomy,
            seed: options.seed,
            perLabel: options.perLabel,
            formats: options.formats,
          }),
        ];
        const out = resolve(options.out);
        mkdirSync(join(out, 'files'), { recursive: true });
        const bar = new SingleBar({
          format: 'synth [{bar}] {value}/{total} {label}',
          hideCursor: true,
          noTTYOutput: true,
        });
        bar.start(samples.length, 0, { label: '' });
        const manifest: string[] = [];
        for (const sample of samples) {
          const file = `files/${sample.id}-${sample.filename}`;
          writeFileSync(join(out, file), await sampleFile(sample));
          const { lines: _lines, tables: _tables, ...entry } = sample;
          manifest.push(JSON.stringify({ ...entry, file }));
          bar.increment(1, { label: sample.label });
        }
        bar.stop();
        writeFileSync(join(out, 'manifest.jsonl'), `${manifest.join('\n')}\n`);
        const bySplit = Object.groupBy(samples, (s) => s.split);
        console.log(
          `wrote ${samples.length} documents to ${out} (${Object.entries(bySplit)
            .map(([split, list]) => `${split}: ${list?.length ?? 0}`)
            .join(', ')}); manifest.jsonl lists label, template, split and filename of each`,
        );
      },
    );
}
