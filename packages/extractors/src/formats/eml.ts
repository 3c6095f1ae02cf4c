import { PermanentError } from '@docsort/contracts';
import { convert } from 'html-to-text';
import { type AddressObject, simpleParser } from 'mailparser';
import type { ExtractionLimits } from '../extraction-limits.ts';
import type { FormatExtraction } from '../extraction-result.ts';

/** The e-mail as text (headers that matter, the body, attachment names); attachments become children. */
export async function extractEml(bytes: Buffer, limits: ExtractionLimits): Promise<FormatExtraction> {
  let mail: Awaited<ReturnType<typeof simpleParser>>;
  try {
    mail = await simpleParser(bytes, { skipImageLinks: true, skipTextToHtml: true });
  } catch (error) {
    const message = (error as Error).message;
    // mailparser's own ceiling on MIME parts: an e-mail with thousands of attachments is too large, not broken.
    const reason = /child nodes exceeded/i.test(message) ? 'TOO_LARGE' : 'CORRUPT';
    throw new PermanentError(reason, `the e-mail cannot be parsed: ${message}`, { cause: error });
  }
  const addresses = (field: AddressObject | AddressObject[] | undefined) =>
    (Array.isArray(field) ? field : field ? [field] : []).map((a) => a.text).join(', ');
  const body = mail.text ?? (mail.html ? convert(mail.html, { wordwrap: false }) : '');
  const attachments = mail.attachments.filter((a) => a.contentDisposition !== 'inline' || a.filename);
  const lines = [
    `From: ${addresses(mail.from)}`,
    `To: ${addresses(mail.to)}`,
    `Subject: ${mail.subject ?? ''}`,
    '',
    body,
  ];
  if (attachments.length)
    lines.push('', `Attachments: ${attachments.map((a) => a.filename ?? '(unnamed)').join(', ')}`);
  const warnings = attachments.length > limits.maxChildren ? ['CHILDREN_TRUNCATED'] : [];
  return {
    text: lines.join('\n'),
    warnings,
    children: attachments.slice(0, limits.maxChildren).map((a, i) => ({
      filename: a.filename ?? `attachment-${i + 1}`,
      contentType: a.contentType ?? null,
      content: a.content,
    })),
  };
}
