import type { DocumentDeleted } from '@docsort/contracts';
import { readCorrection } from '@docsort/document-results';
import { objectKeys, ownerMetadata } from '@docsort/object-store';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Caller } from './caller-identity.ts';
import type { Submission, SubmissionDetails } from './document-submitter.ts';
import type { IngestApiDeps } from './http-api.ts';
import { commonErrorResponses, errorBody, problem } from './http-problem.ts';
import type { IngestConfig } from './ingest-config.ts';
import { UploadTooLargeError } from './measured-upload.ts';
import { multipartParts } from './multipart-parts.ts';
import { sanitizeFilename } from './sanitize-filename.ts';
import { type Metadata, parseMetadata } from './upload-metadata.ts';

const acceptedBody = {
  type: 'object',
  properties: {
    documents: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          documentId: { type: 'string', format: 'uuid' },
          filename: { type: 'string' },
          duplicate: { type: 'boolean' },
          location: { type: 'string' },
        },
      },
    },
  },
} as const;

const idParams = {
  type: 'object',
  properties: { id: { type: 'string', format: 'uuid' } },
  required: ['id'],
} as const;

/**
 * Load shedding for uploads: past the limit an upload is refused at once (503, come back later) rather than
 * queued until every client times out. A route hook, so it counts exactly the requests that reach the route.
 */
export function uploadLimiter(config: IngestConfig) {
  let uploadsInProgress = 0;
  return async (_request: FastifyRequest, reply: FastifyReply) => {
    if (uploadsInProgress >= config.maxConcurrentUploads) {
      reply.header('Retry-After', String(config.retryAfterSeconds));
      return problem(
        reply,
        503,
        'busy',
        `${uploadsInProgress} uploads in progress; try again in ${config.retryAfterSeconds} s`,
      );
    }
    uploadsInProgress += 1;
    reply.raw.once('close', () => {
      uploadsInProgress -= 1;
    });
  };
}

/**
 * Erases a document and what was found inside it, recording who asked; undefined when the id is unknown.
 * (document-deletion.ts)
 */
export type EraseDocument = (
  documentId: string,
  requestedBy: string,
) => Promise<readonly DocumentDeleted[] | undefined>;

/** Whose a document is: the tenant it was submitted for, by whom, and whether its original is stored. */
interface DocumentOwner {
  readonly tenant: string | null;
  readonly submittedBy: string | null;
  readonly stored: boolean;
}

/**
 * The stored original says whose it is; a classification names its tenant too, for originals stored before
 * owners were recorded and after an original is gone (retention). Undefined: no such document.
 */
async function documentOwner(
  deps: IngestApiDeps,
  documentId: string,
  result: Awaited<ReturnType<IngestApiDeps['results']['read']>>,
): Promise<DocumentOwner | undefined> {
  const { store } = deps;
  const metadata = await store.metadata(store.config.bucket, objectKeys.document(documentId));
  const classifiedFor = result?.status === 'classified' ? result.classification.tenant : null;
  if (metadata) {
    const recorded = metadata[ownerMetadata.tenant];
    return {
      tenant: recorded === undefined ? classifiedFor : recorded || null,
      submittedBy: metadata[ownerMetadata.submittedBy] || null,
      stored: true,
    };
  }
  if (result) return { tenant: classifiedFor, submittedBy: null, stored: false };
  return undefined;
}

/** Without authentication every document is everyone's; with it, only the caller's tenant's. */
function mayAccess(caller: Caller, owner: DocumentOwner): boolean {
  return !caller.authenticated || owner.tenant === caller.tenant;
}

/** Whether the caller may see a document (that exists): the review page's page images and text ask this. */
export async function callerMaySee(
  deps: IngestApiDeps,
  caller: Caller,
  documentId: string,
): Promise<boolean> {
  const owner = await documentOwner(deps, documentId, await deps.results.read(documentId));
  return owner !== undefined && mayAccess(caller, owner);
}

/**
 * POST /documents, GET and DELETE /documents/{id} and POST /documents/{id}/feedback, each scoped to the
 * caller's tenant.
 */
export function registerDocumentRoutes(
  api: FastifyInstance,
  deps: IngestApiDeps,
  limitUploads: ReturnType<typeof uploadLimiter>,
): void {
  const { config, submitter } = deps;
  const notFound = (reply: FastifyReply, id: string) => problem(reply, 404, 'not_found', `no document ${id}`);

  api.post(
    '/documents',
    {
      onRequest: limitUploads,
      schema: {
        summary: 'Submit one or more documents',
        description:
          'multipart/form-data with one or more `file` parts. Optional fields, sent before the files they apply to: ' +
          '`filename` (overrides the part’s file name) and `metadata` (JSON: `{"tenant": "...", "correlationId": "...", ' +
          '"attributes": {"key": "value"}}`). With authentication the tenant is the credential’s: a different one ' +
          'in metadata is refused. Answers 202 with the documentIds; poll `Location` for the result.',
        tags: ['documents'],
        response: {
          ...commonErrorResponses('POST'),
          202: acceptedBody,
          400: errorBody,
          403: errorBody,
        },
      },
    },
    async (request, reply) => {
      const { caller } = request;
      if (!request.isMultipart())
        return problem(reply, 415, 'unsupported_media_type', 'send multipart/form-data');
      let metadata: Metadata = { tenant: caller.tenant, attributes: {} };
      let filenameOverride: string | undefined;
      const accepted: Array<Submission & { filename: string; location: string }> = [];
      for await (const part of multipartParts(request)) {
        if (part.type === 'field') {
          if (part.fieldname === 'metadata') {
            const parsed = parseMetadata(part.value);
            if (typeof parsed === 'string') return problem(reply, 400, 'invalid_metadata', parsed);
            if (caller.authenticated && parsed.tenant !== null && parsed.tenant !== caller.tenant) {
              return problem(
                reply,
                403,
                'tenant_mismatch',
                'metadata.tenant must be your own tenant, or absent',
              );
            }
            metadata = { ...parsed, tenant: caller.authenticated ? caller.tenant : parsed.tenant };
          } else if (part.fieldname === 'filename') {
            filenameOverride = String(part.value);
          }
          continue;
        }
        if (part.fieldname !== 'file') {
          part.file.resume();
          return problem(
            reply,
            400,
            'unexpected_file_field',
            `file parts must be named "file", not "${part.fieldname}"`,
          );
        }
        const filename = sanitizeFilename(filenameOverride ?? part.filename);
        filenameOverride = undefined;
        const details: SubmissionDetails = {
          filename,
          declaredContentType:
            part.mimetype && part.mimetype !== 'application/octet-stream' ? part.mimetype : null,
          tenant: metadata.tenant,
          submittedBy: caller.subject,
          attributes: metadata.attributes,
          ...(metadata.correlationId ? { correlationId: metadata.correlationId } : {}),
        };
        try {
          const submission = await submitter.upload(part.file, details);
          accepted.push({ ...submission, filename, location: `/v1/documents/${submission.documentId}` });
        } catch (error) {
          if (error instanceof UploadTooLargeError) {
            return problem(reply, 413, 'file_too_large', `${filename}: ${error.message}`);
          }
          throw error;
        }
      }
      if (!accepted.length) return problem(reply, 400, 'no_file', 'send at least one part named "file"');
      reply.header('Location', accepted[0]?.location);
      reply.header('Retry-After', String(config.retryAfterSeconds));
      return reply.code(202).send({ documents: accepted });
    },
  );

  api.get<{ Params: { id: string } }>(
    '/documents/:id',
    {
      schema: {
        summary: 'The state of a submitted document: its classification, its failure, or pending',
        description:
          'Also who submitted it (`submittedBy`). Once a reviewer labelled it, status "reviewed" with the ' +
          'classification or failure as it was and the review (`correction`: label, reviewer, at).',
        tags: ['documents'],
        params: idParams,
        response: {
          200: {
            type: 'object',
            description:
              'status "classified" with the classification, "failed" with the stage and reason, or "reviewed"',
            additionalProperties: true,
            properties: {
              documentId: { type: 'string' },
              status: { type: 'string', enum: ['classified', 'failed', 'reviewed'] },
            },
          },
          ...commonErrorResponses('GET'),
          202: { type: 'object', properties: { documentId: { type: 'string' }, status: { type: 'string' } } },
          400: errorBody,
          404: errorBody,
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const result = await deps.results.read(id);
      const owner = await documentOwner(deps, id, result);
      if (!owner || !mayAccess(request.caller, owner)) return notFound(reply, id);
      const correction = await readCorrection(deps.store, id);
      const who = { submittedBy: owner.submittedBy, ...(correction ? { correction } : {}) };
      const status = (done: 'classified' | 'failed') => (correction ? 'reviewed' : done);
      if (result?.status === 'classified') {
        return reply
          .code(200)
          .send({ documentId: id, status: status(result.status), ...result.classification, ...who });
      }
      if (result?.status === 'failed')
        return reply
          .code(200)
          .send({ documentId: id, status: status(result.status), ...result.failure, ...who });
      reply.header('Retry-After', String(config.retryAfterSeconds));
      return reply.code(202).send({ documentId: id, status: 'pending' });
    },
  );

  api.post<{ Params: { id: string }; Body: { label: string; reviewer?: string; note?: string } }>(
    '/documents/:id/feedback',
    {
      schema: {
        summary: "A reviewer's correction: the document's right label, learnt by the next training run",
        description:
          'With authentication the reviewer is the caller (a `reviewer` name is kept beside it), and the ' +
          'corrected document trains only its own tenant’s models.',
        tags: ['documents'],
        params: idParams,
        body: {
          type: 'object',
          properties: {
            label: { type: 'string', minLength: 1 },
            reviewer: { type: 'string', minLength: 1 },
            note: { type: 'string' },
          },
          required: ['label'],
          additionalProperties: false,
        },
        response: {
          ...commonErrorResponses('POST'),
          202: { type: 'object', properties: { documentId: { type: 'string' }, label: { type: 'string' } } },
          400: errorBody,
          404: errorBody,
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const { caller } = request;
      const { label, reviewer, note } = request.body;
      if (!deps.labels.includes(label)) {
        return problem(
          reply,
          400,
          'unknown_label',
          `"${label}" is not a label; known: ${deps.labels.join(', ')}`,
        );
      }
      const result = await deps.results.read(id);
      const owner = await documentOwner(deps, id, result);
      // Feedback needs the original (it becomes a training example): a document without one is unknown here.
      if (!owner?.stored || !mayAccess(caller, owner)) return notFound(reply, id);
      await deps.sendFeedback({
        documentId: id,
        correctLabel: label,
        previousLabel: result?.status === 'classified' ? result.classification.label : null,
        reviewer: caller.authenticated
          ? `${caller.subject}${reviewer ? ` (${reviewer})` : ''}`
          : (reviewer ?? 'api'),
        note: note ?? null,
        at: Date.now(),
        tenant: owner.tenant,
      });
      return reply.code(202).send({ documentId: id, label });
    },
  );

  const { eraseDocument } = deps;
  if (!eraseDocument) return;
  api.delete<{ Params: { id: string } }>(
    '/documents/:id',
    {
      schema: {
        summary:
          'Erase a document (GDPR): its original, the documents found inside it, its result and training copies',
        description:
          'Records the erasure on documents.deleted, so that no replay brings the document back. Safe to repeat.',
        tags: ['documents'],
        params: idParams,
        response: {
          204: { type: 'null', description: 'erased' },
          400: errorBody,
          404: errorBody,
          ...commonErrorResponses('DELETE'),
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const { caller } = request;
      if (caller.authenticated) {
        const owner = await documentOwner(deps, id, await deps.results.read(id));
        if (!owner || !mayAccess(caller, owner)) return notFound(reply, id);
      }
      if (!(await eraseDocument(id, caller.subject))) return notFound(reply, id);
      return reply.code(204).send();
    },
  );
}
