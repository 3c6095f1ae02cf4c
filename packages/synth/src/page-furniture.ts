// Page furniture: the lines real files carry whatever the document is — page numbers, print and fax headers,
// scanner-app marks, registry footers (page-furniture/README.md). Data, one file per language.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { base, en, Faker } from '@faker-js/faker';
import { renderTemplate } from './template-renderer.ts';

export const defaultPageFurnitureDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'page-furniture');

interface FurnitureLines {
  readonly top: readonly string[];
  readonly bottom: readonly string[];
}

/** Every language's lines (`any.txt` added to each), by language code. */
export function loadPageFurniture(dir = defaultPageFurnitureDir): ReadonlyMap<string, FurnitureLines> {
  const parse = (file: string) => {
    const lines = readFileSync(join(dir, file), 'utf8').split('\n');
    const where = (place: string) =>
      lines.flatMap((line) => (line.startsWith(`${place}: `) ? [line.slice(place.length + 2)] : []));
    return { top: where('top'), bottom: where('bottom') };
  };
  const any = parse('any.txt');
  const languages = readdirSync(dir)
    .filter((f) => /^[a-z]{2}\.txt$/.test(f))
    .sort();
  return new Map(
    languages.map((file) => {
      const own = parse(file);
      return [file.slice(0, 2), { top: [...own.top, ...any.top], bottom: [...own.bottom, ...any.bottom] }];
    }),
  );
}

/** A template's language: its `<code>-` file-name prefix when furniture exists for it, else English. */
export function furnitureLanguage(
  templateId: string,
  furniture: ReadonlyMap<string, FurnitureLines>,
): string {
  const code = /(?:^|\/)([a-z]{2})-/.exec(templateId)?.[1];
  return code && furniture.has(code) ? code : 'en';
}

/** The document with a header line (half the time), a footer line, or both around it. */
export function withPageFurniture(lines: readonly string[], f: Faker, furniture: FurnitureLines): string[] {
  const render = (choices: readonly string[]) => renderTemplate(f.helpers.arrayElement(choices), f).lines;
  const top = f.number.float() < 0.5 && furniture.top.length;
  const bottom = (!top || f.number.float() < 0.5) && furniture.bottom.length;
  return [...(top ? render(furniture.top) : []), ...lines, ...(bottom ? render(furniture.bottom) : [])];
}

/** With probability `share`, drawn from `seed` alone, the document with furniture in its template's language. */
export function sometimesFurnished(
  lines: readonly string[],
  options: {
    readonly share: number;
    readonly byLanguage: ReadonlyMap<string, FurnitureLines>;
    readonly seed: number;
    readonly templateId: string;
  },
): readonly string[] {
  const f = new Faker({ locale: [en, base] });
  f.seed(options.seed);
  const own = options.byLanguage.get(furnitureLanguage(options.templateId, options.byLanguage));
  return own && f.number.float() < options.share ? withPageFurniture(lines, f, own) : lines;
}
