import { setTimeout as sleep } from 'node:timers/promises';
import type { DemoDocument } from './demo-documents.ts';

/** A file to upload: its name and bytes. */
export interface UploadableFile {
  readonly filename: string;
  readonly bytes: Buffer;
}

export type SubmittedDocument<T extends UploadableFile = DemoDocument> = T & { readonly documentId: string };

export interface DocumentOutcome {
  readonly status: 'classified' | 'failed' | 'pending';
  readonly label?: string;
  readonly industry?: string;
  readonly confidence?: number;
  readonly needsReview?: boolean;
  readonly topK?: ReadonlyArray<{ readonly label: string; readonly score: number }>;
  readonly reason?: string;
  /** The language the extract stage detected (ISO 639-1), null when unsure. */
  readonly language?: string | null;
  /** Submitted → classified, from the record's own timestamps. */
  readonly latencyMs?: number;
}

/**
 * Uploads each document through the HTTP API (multipart), as a user would; a few at a time. `headers`: the
 * credential when the API requires one (`X-API-Key`).
 */
export async function submitDocuments<T extends UploadableFile>(
  apiUrl: string,
  documents: readonly T[],
  onSubmitted: (done: number) => void = () => {},
  headers: Readonly<Record<string, string>> = {},
): Promise<SubmittedDocument<T>[]> {
  const submitted: SubmittedDocument<T>[] = [];
  for (const document of documents) {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(document.bytes)]), document.filename);
    const response = await fetch(`${apiUrl}/v1/documents`, { method: 'POST', body: form, headers });
    if (response.status !== 202) {
      throw new Error(`uploading ${document.filename}: ${response.status} ${await response.text()}`);
    }
    const body = (await response.json()) as { documents: Array<{ documentId: string }> };
    submitted.push({ ...document, documentId: body.documents[0]?.documentId ?? '' });
    onSubmitted(submitted.length);
  }
  return submitted;
}

/** Polls GET /v1/documents/{id} until every document has an outcome or `timeoutMs` passes. */
export async function awaitOutcomes(
  apiUrl: string,
  documentIds: readonly string[],
  options: {
    timeoutMs: number;
    onProgress?: (done: number) => void;
    headers?: Readonly<Record<string, string>>;
  },
): Promise<Map<string, DocumentOutcome>> {
  const outcomes = new Map<string, DocumentOutcome>();
  const deadline = Date.now() + options.timeoutMs;
  while (outcomes.size < documentIds.length && Date.now() < deadline) {
    for (const id of documentIds.filter((d) => !outcomes.has(d))) {
      const response = await fetch(`${apiUrl}/v1/documents/${id}`, { headers: options.headers ?? {} });
      if (response.status === 401 || response.status === 403) {
        throw new Error(`reading ${id}: ${response.status} ${await response.text()}`);
      }
      if (response.status !== 200) continue;
      const body = (await response.json()) as Record<string, unknown>;
      outcomes.set(
        id,
        body.status === 'classified'
          ? {
              status: 'classified',
              label: String(body.label),
              industry: String(body.industry),
              confidence: Number(body.confidence),
              needsReview: Boolean(body.needsReview),
              topK: (body.topK as DocumentOutcome['topK']) ?? [],
              language: typeof body.language === 'string' ? body.language : null,
              latencyMs: Number(body.classifiedAt) - Number(body.submittedAt),
            }
          : { status: 'failed', reason: String(body.reason) },
      );
      options.onProgress?.(outcomes.size);
    }
    if (outcomes.size < documentIds.length) await sleep(250);
  }
  for (const id of documentIds) if (!outcomes.has(id)) outcomes.set(id, { status: 'pending' });
  return outcomes;
}
