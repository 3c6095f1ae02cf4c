import type { Faker } from '@faker-js/faker';

// Documents arrive inside e-mails: pasted into the body, forwarded on, quoted in a reply. Classified as the
// extract stage hands an e-mail over (From, To, Subject, a blank line, the body), they must still be read as
// the document they carry.

export type EmailStyle = 'pasted' | 'forwarded' | 'quoted';

const greetings = [
  'Hi,',
  'Hello,',
  'Dear colleagues,',
  'Good morning,',
  'Bonjour,',
  'Hallo,',
  'Hola,',
  'Buongiorno,',
];
const pastedIntros = [
  'Please see the document below.',
  'Copy of the document as requested, pasted below as the attachment would not open.',
  'As discussed on the phone, here it is.',
  'Sending this on for your records.',
  'Can you please process the following?',
];
const forwardNotes = [
  'FYI',
  'See below, please handle.',
  'Forwarding for processing.',
  'Please file this one.',
  'Can someone look at this?',
  'Zur Kenntnis.',
  'Pour traitement, merci.',
];
const signOffs = [
  'Thanks,',
  'Best regards,',
  'Kind regards,',
  'Cheers,',
  'Mit freundlichen Grüßen',
  'Cordialement,',
];
const dates = [
  'Mon, 9 Mar 2026 at 10:14',
  'Tue, 21 Apr 2026 at 16:02',
  'Thu, 4 Jun 2026 at 08:47',
  'Fri, 17 Jul 2026 at 13:30',
];

/** The document's lines as the text of an e-mail that carries it, in `style`. */
export function wrapInEmail(lines: readonly string[], f: Faker, style: EmailStyle): string[] {
  const sender = f.person.fullName();
  const senderAddress = f.internet.email({ firstName: sender.split(' ')[0] }).toLowerCase();
  const recipient = `${f.helpers.arrayElement(['accounts', 'documents', 'inbox', 'office', 'claims', 'hr'])}@${f.internet.domainName()}`;
  const title = (lines.find((l) => l.trim().length > 3) ?? 'Document').trim().slice(0, 60);
  const subject = {
    pasted: f.helpers.arrayElement([title, `${title} (copy)`, 'Document as requested', 'Scan']),
    forwarded: `${f.helpers.arrayElement(['Fwd', 'FW', 'WG', 'TR'])}: ${title}`,
    quoted: `${f.helpers.arrayElement(['Re', 'RE', 'AW'])}: ${title}`,
  }[style];
  const headers = [`From: ${sender} <${senderAddress}>`, `To: ${recipient}`, `Subject: ${subject}`, ''];
  const signature = [f.helpers.arrayElement(signOffs), sender];
  if (style === 'pasted') {
    return [
      ...headers,
      f.helpers.arrayElement(greetings),
      f.helpers.arrayElement(pastedIntros),
      '',
      ...lines,
      '',
      ...signature,
    ];
  }
  const original = f.person.fullName();
  const originalAddress = f.internet.email({ firstName: original.split(' ')[0] }).toLowerCase();
  const date = f.helpers.arrayElement(dates);
  if (style === 'forwarded') {
    return [
      ...headers,
      f.helpers.arrayElement(forwardNotes),
      ...signature,
      '',
      '---------- Forwarded message ---------',
      `From: ${original} <${originalAddress}>`,
      `Date: ${date}`,
      `Subject: ${title}`,
      `To: ${senderAddress}`,
      '',
      ...lines,
    ];
  }
  return [
    ...headers,
    f.helpers.arrayElement(['Thanks, received.', 'Noted, see my answer below.', 'Attached again below.']),
    ...signature,
    '',
    `On ${date}, ${original} <${originalAddress}> wrote:`,
    ...lines.map((line) => (line ? `> ${line}` : '>')),
  ];
}
