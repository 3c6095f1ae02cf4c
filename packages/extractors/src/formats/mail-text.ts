// What every kind of mail (MIME .eml, Outlook .msg) extracts to: the same text, the same children.
import { convert } from 'html-to-text';
import type { ExtractionLimits } from '../extraction-limits.ts';
import type { ChildDocument, FormatExtraction } from '../extraction-result.ts';

export interface ParsedMail<File> {
  readonly from: string;
  readonly to: string;
  readonly subject: string;
  /** The plain-text body, when the mail has one. */
  readonly text?: string | undefined;
  /** The HTML body, read as text when there is no plain one. */
  readonly html?: string | undefined;
  /** Names of everything attached, files or not. */
  readonly attachmentNames: readonly string[];
  /** The attached files; only the first `limits.maxChildren` are read (`readFile`). */
  readonly files: readonly File[];
  readFile(file: File, index: number): ChildDocument;
}

/** The mail as text (the headers that matter, the body, attachment names); its attached files become children. */
export function mailExtraction<File>(mail: ParsedMail<File>, limits: ExtractionLimits): FormatExtraction {
  const body = mail.text ?? (mail.html ? convert(mail.html, { wordwrap: false }) : '');
  const lines = [`From: ${mail.from}`, `To: ${mail.to}`, `Subject: ${mail.subject}`, '', body];
  if (mail.attachmentNames.length) lines.push('', `Attachments: ${mail.attachmentNames.join(', ')}`);
  return {
    text: lines.join('\n'),
    warnings: mail.files.length > limits.maxChildren ? ['CHILDREN_TRUNCATED'] : [],
    children: mail.files.slice(0, limits.maxChildren).map((file, i) => mail.readFile(file, i)),
  };
}
