import { PermanentError } from '@docsort/contracts';
import msgReaderModule, { type FieldsData } from '@kenjiuno/msgreader';
import type { ExtractionLimits } from '../extraction-limits.ts';
import type { FormatExtraction } from '../extraction-result.ts';
import { mailExtraction } from './mail-text.ts';

// A CommonJS module whose class is its `default` export: Node's ESM import gives the module object, a
// bundler's interop may give the class itself.
type MsgReaderClass = typeof msgReaderModule.default;
const MsgReader: MsgReaderClass =
  (msgReaderModule as { default?: MsgReaderClass }).default ?? (msgReaderModule as unknown as MsgReaderClass);

/**
 * An Outlook message (.msg), the form a mail takes when it is dragged out of Outlook: its sender, recipients,
 * subject and body as text, like an e-mail's (eml.ts); its attachments become children. A message attached
 * to the message is named in the text but not handed out (Outlook keeps it as properties, not as a file).
 */
export async function extractMsg(bytes: Buffer, limits: ExtractionLimits): Promise<FormatExtraction> {
  let reader: InstanceType<typeof MsgReader>;
  let mail: FieldsData;
  try {
    reader = new MsgReader(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    mail = reader.getFileData();
  } catch (error) {
    throw new PermanentError('CORRUPT', `the Outlook message cannot be parsed: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (mail.error) throw new PermanentError('CORRUPT', `the Outlook message cannot be parsed: ${mail.error}`);
  const sender = [mail.senderName, mail.senderEmail && `<${mail.senderEmail}>`].filter(Boolean).join(' ');
  const to = (mail.recipients ?? [])
    .filter((r) => (r.recipType ?? 'to') === 'to')
    .map((r) => r.name ?? r.smtpAddress ?? r.email ?? '')
    .filter(Boolean)
    .join(', ');
  const attachments = (mail.attachments ?? []).filter((a) => !a.attachmentHidden);
  return mailExtraction(
    {
      from: sender,
      to,
      subject: mail.subject ?? '',
      text: mail.body,
      html: mail.bodyHtml,
      attachmentNames: attachments.map(
        (a) => a.fileName ?? a.name ?? a.innerMsgContentFields?.subject ?? '(unnamed)',
      ),
      files: attachments.filter((a) => !a.innerMsgContent),
      readFile: (a, i) => {
        const { fileName, content } = reader.getAttachment(a);
        return {
          filename: fileName || `attachment-${i + 1}`,
          contentType: a.attachMimeTag ?? null,
          content: Buffer.from(content),
        };
      },
    },
    limits,
  );
}
