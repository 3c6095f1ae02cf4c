import type { FastifyReply } from 'fastify';

/** Every error answer's body: a stable machine-readable `error` and a sentence for people. */
export const errorBody = {
  type: 'object',
  properties: { error: { type: 'string' }, message: { type: 'string' } },
  required: ['error', 'message'],
} as const;

export function problem(reply: FastifyReply, status: number, error: string, message: string) {
  return reply.code(status).send({ error, message });
}
