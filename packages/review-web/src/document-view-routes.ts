import { PermanentError } from '@docsort/contracts';
import { defaultExtractionLimits, extractDocument, renderPageImage } from '@docsort/extractors';
import { type ObjectStore, objectKeys } from '@docsort/object-store';
// The routes' `summary` and `hide` are @fastify/swagger's schema keywords (the host registers it).
import type {} from '@fastify/swagger';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export interface DocumentViewOptions {
  readonly store: ObjectStore;
  /** Whether the caller may see the document: false is answered 404, as for a document that does not exist. */
  readonly authorize: (request: FastifyRequest, documentId: string) => Promise<boolean>;
  /** Originals larger than this are not read (the API's upload limit). */
  readonly maxDocumentBytes: number;
  /**
   * What the host's hooks and error handler may answer on these routes besides their own 400 and 404
   * (e.g. 401, 500, 503), declared in their schemas so that the OpenAPI spec lists every answer.
   */
  readonly otherAnswers?: Readonly<Record<number, object>>;
  /** A page image's longer side in pixels: enough to read a page on a laptop screen, small to send. */
  readonly pageLongSide?: number;
  /** How long rendering one page may take. */
  readonly renderTimeoutMs?: number;
}

const errorBody = {
  type: 'object',
  properties: { error: { type: 'string' }, message: { type: 'string' } },
  required: ['error', 'message'],
} as const;

const idParam = { id: { type: 'string', format: 'uuid' } } as const;

function problem(reply: FastifyReply, status: number, error: string, message: string) {
  return reply.code(status).send({ error, message });
}

/**
 * A file that cannot be read or drawn (damaged, encrypted, too large): 404 with its reason, as a document
 * without that view — the request was right, the document has none.
 */
function unreadable(reply: FastifyReply, error: unknown) {
  if (!(error instanceof PermanentError)) throw error;
  return problem(reply, 404, 'unreadable', `${error.reason}: ${error.message}`);
}

/**
 * GET /documents/{id}/pages/{n} (a PDF's or an image's page as PNG, rendered per request and kept nowhere)
 * and GET /documents/{id}/text (its extracted text): how the review page shows a document. Register them
 * inside the API's authenticated scope.
 */
export function registerDocumentViewRoutes(api: FastifyInstance, options: DocumentViewOptions): void {
  const { store, authorize } = options;
  const longSide = options.pageLongSide ?? 1600;
  const renderTimeoutMs = options.renderTimeoutMs ?? 30_000;
  const notFound = (reply: FastifyReply, id: string) => problem(reply, 404, 'not_found', `no document ${id}`);
  const original = (id: string) =>
    store.readIfExists(store.config.bucket, objectKeys.document(id), options.maxDocumentBytes);

  api.get<{ Params: { id: string; n: number } }>(
    '/documents/:id/pages/:n',
    {
      schema: {
        summary: 'A page of a PDF or image document as PNG, for a person to look at',
        description:
          'Page n counts from 1; the `X-Page-Count` header says how many there are. Other formats have no ' +
          'page images (404 `no_page_images`): read their text at /v1/documents/{id}/text. A file that ' +
          'cannot be drawn (damaged, encrypted) answers 404 `unreadable` with the reason.',
        tags: ['documents'],
        params: {
          type: 'object',
          properties: { ...idParam, n: { type: 'integer', minimum: 1, maximum: 100_000 } },
          required: ['id', 'n'],
        },
        response: {
          ...options.otherAnswers,
          200: {
            description: 'the page, its longer side at most 1600 pixels',
            content: { 'image/png': { schema: { type: 'string', format: 'binary' } } },
          },
          400: errorBody,
          404: errorBody,
        },
      },
    },
    async (request, reply) => {
      const { id, n } = request.params;
      if (!(await authorize(request, id))) return notFound(reply, id);
      const bytes = await original(id);
      if (!bytes) return notFound(reply, id);
      let page: Awaited<ReturnType<typeof renderPageImage>>;
      try {
        page = await renderPageImage(bytes, n, { longSide, deadlineAt: Date.now() + renderTimeoutMs });
      } catch (error) {
        return unreadable(reply, error);
      }
      if (page.kind === 'not-a-picture') {
        return problem(
          reply,
          404,
          'no_page_images',
          `a ${page.format} document has no page images: GET /v1/documents/${id}/text`,
        );
      }
      if (page.kind === 'past-last-page') {
        return problem(reply, 404, 'no_such_page', `document ${id} has ${page.pageCount} pages`);
      }
      return (
        reply
          .type('image/png')
          .header('x-page-count', String(page.pageCount))
          // A reviewer's documents are someone's papers: no copy stays in a browser or proxy cache.
          .header('cache-control', 'no-store')
          .send(page.png)
      );
    },
  );

  api.get<{ Params: { id: string } }>(
    '/documents/:id/text',
    {
      schema: {
        summary: "A document's extracted text, for a person to read",
        description:
          'The full text the extract stage stored, else the text extracted again from the stored original ' +
          '(without OCR: scans are better looked at as /pages/{n}).',
        tags: ['documents'],
        params: { type: 'object', properties: idParam, required: ['id'] },
        response: {
          ...options.otherAnswers,
          200: {
            description: 'the text, UTF-8',
            content: { 'text/plain': { schema: { type: 'string' } } },
          },
          400: errorBody,
          404: errorBody,
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      if (!(await authorize(request, id))) return notFound(reply, id);
      const text = async () => {
        const stored = await store.readIfExists(
          store.config.bucket,
          objectKeys.fullText(id),
          defaultExtractionLimits.maxTextChars * 4,
        );
        if (stored) return stored.toString('utf8');
        const bytes = await original(id);
        if (!bytes) return undefined;
        // An empty file is a document with no text, not an unreadable one.
        if (!bytes.length) return '';
        return (await extractDocument(bytes, { ...defaultExtractionLimits, ocr: false })).text;
      };
      let body: string | undefined;
      try {
        body = await text();
      } catch (error) {
        return unreadable(reply, error);
      }
      if (body === undefined) return notFound(reply, id);
      return reply.type('text/plain; charset=utf-8').header('cache-control', 'no-store').send(body);
    },
  );
}
