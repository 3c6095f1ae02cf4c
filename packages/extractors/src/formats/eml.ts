import { PermanentError } from '@docsort/contracts';
import { type AddressObject, simpleParser } from 'mailparser';
import type { ExtractionLimits } from '../extraction-limits.ts';
import type { FormatExtraction } from '../extraction-result.ts';
import { mailExtraction } from './mail-text.ts';

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
  const attachments = mail.attachments.filter((a) => a.contentDisposition !== 'inline' || a.filename);
  return mailExtraction(
    {
      from: addresses(mail.from),
      to: addresses(mail.to),
      subject: mail.subject ?? '',
      text: mail.text,
      html: mail.html || undefined,
      attachmentNames: attachments.map((a) => a.filename ?? '(unnamed)'),
      files: attachments,
      readFile: (a, i) => ({
        filename: a.filename ?? `attachment-${i + 1}`,
        contentType: a.contentType ?? null,
        content: a.content,
      }),
    },
    limits,
  );
}
