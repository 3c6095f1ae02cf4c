import { addLabel, defaultTaxonomyFile, loadTaxonomy } from '@docsort/taxonomy';
import { Command } from 'commander';
import { taxonomyOption } from '../option-parsers.ts';

const taxonomyFile = (file?: string) => file ?? process.env.DOCSORT_TAXONOMY_FILE ?? defaultTaxonomyFile;

export function labelsCommand(): Command {
  const labels = new Command('labels').description('the taxonomy: labels and industries, kept as data');
  labels
    .command('list')
    .description('print every label with its industry and description')
    .addOption(taxonomyOption())
    .action((options: { taxonomy?: string }) => {
      const taxonomy = loadTaxonomy(taxonomyFile(options.taxonomy));
      for (const industry of taxonomy.industries) {
        console.log(`${industry.name} — ${industry.description}`);
        for (const label of taxonomy.labels.filter((l) => l.industry === industry.name)) {
          console.log(`  ${label.name.padEnd(22)} ${label.description}`);
        }
      }
    });
  labels
    .command('add <name>')
    .description('add a label (and its industry, when new) to the taxonomy file; then add examples and train')
    .requiredOption('--industry <industry>', 'industry of the label (created when new)')
    .requiredOption('--description <text>', 'what documents of this label are')
    .option('--industry-description <text>', 'description of a new industry')
    .option(
      '--review-threshold <confidence>',
      'route documents of this label below this confidence to review',
    )
    .option(
      '--taxonomy <file>',
      'taxonomy file to change (default: DOCSORT_TAXONOMY_FILE or the shipped one)',
    )
    .action(
      (
        name: string,
        options: {
          industry: string;
          description: string;
          industryDescription?: string;
          reviewThreshold?: string;
          taxonomy?: string;
        },
      ) => {
        const file = taxonomyFile(options.taxonomy);
        const threshold = options.reviewThreshold === undefined ? undefined : Number(options.reviewThreshold);
        const taxonomy = addLabel(
          file,
          {
            name,
            industry: options.industry,
            description: options.description,
            ...(threshold === undefined ? {} : { reviewThreshold: threshold }),
          },
          options.industryDescription,
        );
        console.log(`added ${name} (${options.industry}) to ${file}: ${taxonomy.labels.length} labels`);
      },
    );
  return labels;
}
