import type { DocumentDeleted } from '@docsort/contracts';
import type { FastifyInstance } from 'fastify';

/** Erases a document and what was found inside it; undefined when the id is unknown. */
export type EraseDocument = (documentId: string) => Promise<readonly DocumentDeleted[] | undefined>;

/**
 * DELETE /v1/documents/{id}: 204 once the document, its children, result and training copies are gone (again
 * for one erased before), 404 for an id docsort has never seen. Its own module, so the route's rules stay
 * apart from the upload API's.
 */
export function registerDeletionRoute(app: FastifyInstance, erase: EraseDocument): void {
  app.delete<{ Params: { id: string } }>(
    '/v1/documents/:id',
    {
      schema: {
        summary:
          'Erase a document (GDPR): its original, the documents found inside it, its result and training copies',
        description:
          'Records the erasure on documents.deleted, so that no replay brings the document back. Safe to repeat.',
        tags: ['documents'],
        params: { type: 'object', properties: { id: { type: 'string', format: 'uuid' } }, required: ['id'] },
        response: {
          204: { type: 'null', description: 'erased' },
          404: {
            type: 'object',
            properties: { error: { type: 'string' }, message: { type: 'string' } },
            required: ['error', 'message'],
          },
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      if (!(await erase(id)))
        return reply.code(404).send({ error: 'not_found', message: `no document ${id}` });
      return reply.code(204).send();
    },
  );
}
