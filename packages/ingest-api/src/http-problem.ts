import type { FastifyReply } from 'fastify';

/** Every error answer's body: a stable machine-readable `error` and a sentence for people. */
export const errorBody = {
  type: 'object',
  properties: { error: { type: 'string' }, message: { type: 'string' } },
  required: ['error', 'message'],
} as const;

/**
 * What any /v1 route may answer besides its own: no credentials (401), a defect (500), storage or Kafka
 * unavailable (503). A POST also: its body not arriving in time (408), too large (413) or of a type the
 * route does not read (415).
 */
export function commonErrorResponses(method: 'GET' | 'POST' | 'DELETE') {
  const always = { 401: errorBody, 500: errorBody, 503: errorBody };
  return method === 'POST' ? { ...always, 408: errorBody, 413: errorBody, 415: errorBody } : always;
}

export function problem(reply: FastifyReply, status: number, error: string, message: string) {
  return reply.code(status).send({ error, message });
}
