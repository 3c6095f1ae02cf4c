import type { Faker } from '@faker-js/faker';

/** A rendered document: its lines, and the tables in it (for formats that lay tables out as cells). */
export interface RenderedDocument {
  readonly lines: readonly string[];
  readonly tables: ReadonlyArray<readonly (readonly string[])[]>;
}

const money = (f: Faker, min: number, max: number) =>
  f.number.float({ min, max, fractionDigits: 2 }).toLocaleString('en-US', { minimumFractionDigits: 2 });
const day = (f: Faker, from: Date, days: number) =>
  new Date(from.getTime() + f.number.int({ min: -days, max: days }) * 86_400_000).toISOString().slice(0, 10);

/**
 * The values a template can ask for by name. One Faker per document, seeded, so the same seed renders the
 * same document. Values are drawn once per document, so `{{person}}` is the same person throughout.
 */
function entityValues(f: Faker): Record<string, () => string> {
  const now = new Date(Date.UTC(2026, 5, 15));
  const person = f.person.fullName();
  const company = f.company.name();
  return {
    person: () => person,
    person2: () => f.person.fullName(),
    first_name: () => person.split(' ')[0] ?? person,
    company: () => company,
    company2: () => f.company.name(),
    address: () => `${f.location.streetAddress()}, ${f.location.city()} ${f.location.zipCode()}`,
    city: () => f.location.city(),
    country: () => f.location.country(),
    email: () => f.internet.email({ firstName: person.split(' ')[0] }).toLowerCase(),
    phone: () => f.phone.number({ style: 'national' }),
    date: () => day(f, now, 200),
    date_later: () => day(f, new Date(now.getTime() + 40 * 86_400_000), 10),
    date_earlier: () => day(f, new Date(now.getTime() - 400 * 86_400_000), 100),
    birth_date: () =>
      f.date.birthdate({ min: 18, max: 80, mode: 'age', refDate: now }).toISOString().slice(0, 10),
    amount: () => money(f, 50, 9_000),
    amount_small: () => money(f, 2, 120),
    amount_large: () => money(f, 40_000, 900_000),
    percent: () => `${f.number.float({ min: 1, max: 9, fractionDigits: 2 })}%`,
    number: () => String(f.number.int({ min: 100_000, max: 999_999 })),
    short_number: () => String(f.number.int({ min: 1, max: 99 })),
    iban: () => f.finance.iban({ formatted: true }),
    account: () => f.finance.accountNumber(10),
    routing: () => f.finance.routingNumber(),
    card: () => `**** **** **** ${f.finance.creditCardNumber().slice(-4)}`,
    id_number: () => f.string.alphanumeric({ length: 9, casing: 'upper' }),
    job_title: () => f.person.jobTitle(),
    department: () => f.commerce.department(),
    product: () => f.commerce.productName(),
    skill: () => f.hacker.noun(),
    university: () => `${f.location.city()} University`,
    vehicle: () => `${f.vehicle.manufacturer()} ${f.vehicle.model()}`,
    vin: () => f.vehicle.vin(),
    port: () => `Port of ${f.location.city()}`,
    vessel: () => `MV ${f.word.adjective()} ${f.word.noun()}`.replace(/\b\w/g, (c) => c.toUpperCase()),
    container: () => `${f.string.alpha({ length: 4, casing: 'upper' })}${f.string.numeric(7)}`,
    weight: () => `${f.number.int({ min: 20, max: 9_000 })} kg`,
    year: () => String(f.number.int({ min: 2019, max: 2026 })),
    square_feet: () => String(f.number.int({ min: 600, max: 4_500 })),
    medication: () =>
      f.helpers.arrayElement([
        'Amoxicillin',
        'Lisinopril',
        'Metformin',
        'Atorvastatin',
        'Omeprazole',
        'Sertraline',
        'Ibuprofen',
        'Levothyroxine',
      ]),
    dose: () => `${f.helpers.arrayElement([5, 10, 20, 50, 250, 500])} mg`,
    condition: () =>
      f.helpers.arrayElement([
        'hypertension',
        'type 2 diabetes',
        'acute bronchitis',
        'lower back pain',
        'migraine',
        'seasonal allergies',
        'iron deficiency anaemia',
      ]),
  };
}

const tableBuilders: Record<string, (f: Faker, values: Record<string, () => string>) => string[][]> = {
  items: (f) => [
    ['Qty', 'Description', 'Unit price', 'Amount'],
    ...Array.from({ length: f.number.int({ min: 2, max: 6 }) }, () => {
      const qty = f.number.int({ min: 1, max: 40 });
      const price = f.number.float({ min: 3, max: 400, fractionDigits: 2 });
      return [String(qty), f.commerce.productName(), price.toFixed(2), (qty * price).toFixed(2)];
    }),
  ],
  transactions: (f, v) => [
    ['Date', 'Description', 'Debit', 'Credit', 'Balance'],
    ...Array.from({ length: f.number.int({ min: 4, max: 10 }) }, () => {
      const debit = f.datatype.boolean();
      const amount = f.number.float({ min: 5, max: 2_500, fractionDigits: 2 }).toFixed(2);
      return [
        v.date?.() ?? '',
        `${f.helpers.arrayElement([
          'CARD PAYMENT',
          'DIRECT DEBIT',
          'TRANSFER FROM',
          'ATM WITHDRAWAL',
          'SALARY',
          'STANDING ORDER',
        ])} ${f.company.name().toUpperCase()}`,
        debit ? amount : '',
        debit ? '' : amount,
        f.number.float({ min: 100, max: 20_000, fractionDigits: 2 }).toFixed(2),
      ];
    }),
  ],
  packages: (f) => [
    ['Package', 'Contents', 'Qty', 'Net weight', 'Gross weight', 'Dimensions'],
    ...Array.from({ length: f.number.int({ min: 2, max: 7 }) }, (_, i) => [
      `CTN ${i + 1}`,
      f.commerce.productName(),
      String(f.number.int({ min: 1, max: 200 })),
      `${f.number.int({ min: 2, max: 80 })} kg`,
      `${f.number.int({ min: 3, max: 90 })} kg`,
      `${f.number.int({ min: 20, max: 120 })}x${f.number.int({ min: 20, max: 80 })}x${f.number.int({ min: 10, max: 60 })} cm`,
    ]),
  ],
  earnings: (f) => [
    ['Description', 'Hours', 'Rate', 'Current', 'Year to date'],
    ...['Basic salary', 'Overtime', 'Bonus', 'Holiday pay']
      .slice(0, f.number.int({ min: 2, max: 4 }))
      .map((item) => [
        item,
        String(f.number.int({ min: 1, max: 160 })),
        f.number.float({ min: 12, max: 90, fractionDigits: 2 }).toFixed(2),
        f.number.float({ min: 100, max: 6_000, fractionDigits: 2 }).toFixed(2),
        f.number.float({ min: 1_000, max: 60_000, fractionDigits: 2 }).toFixed(2),
      ]),
    ['Income tax', '', '', `-${f.number.float({ min: 100, max: 1_500, fractionDigits: 2 }).toFixed(2)}`, ''],
    [
      'National insurance',
      '',
      '',
      `-${f.number.float({ min: 50, max: 600, fractionDigits: 2 }).toFixed(2)}`,
      '',
    ],
  ],
};

/**
 * Fills a template. Syntax: `{{name}}` an entity (see entityValues), `{{table:items}}` a table,
 * `{{pick:a|b|c}}` one of the choices, `[[…]]` an optional passage (kept with probability 0.6).
 */
export function renderTemplate(template: string, f: Faker): RenderedDocument {
  const values = entityValues(f);
  const memo = new Map<string, string>();
  const tables: string[][][] = [];
  const withOptionals = template.replace(/\[\[([\s\S]*?)\]\]/g, (_, passage: string) =>
    f.number.float() < 0.6 ? passage : '',
  );
  const lines: string[] = [];
  for (const line of withOptionals.split('\n')) {
    const table = /^\s*\{\{table:(\w+)\}\}\s*$/.exec(line);
    if (table?.[1]) {
      const build = tableBuilders[table[1]];
      if (!build) throw new Error(`unknown table ${table[1]} in template`);
      const rows = build(f, values);
      tables.push(rows);
      lines.push(...rows.map((row) => row.join('   ')));
      continue;
    }
    lines.push(
      line.replace(/\{\{(\w+)(?::([^}]*))?\}\}/g, (match, name: string, argument?: string) => {
        if (name === 'pick' && argument) return f.helpers.arrayElement(argument.split('|'));
        const value = values[name];
        if (!value) throw new Error(`unknown placeholder ${match} in template`);
        if (!memo.has(name)) memo.set(name, value());
        return memo.get(name) ?? '';
      }),
    );
  }
  return { lines: lines.map((l) => l.trimEnd()).filter((l, i, all) => l || all[i - 1]), tables };
}
