import type { Multipart } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';

/** A body the multipart parser cannot read (no boundary, malformed part headers, a JSON part that is not): the client's mistake. */
export class MalformedMultipartError extends Error {
  override readonly name = 'MalformedMultipartError';
  /** Read by the error handler: 400, not the 500 of an unexpected error. */
  readonly statusCode = 400;
}

/**
 * The request's parts, as `request.parts()` yields them, except that the parser's own errors (plain Errors
 * from busboy, e.g. "Multipart: Boundary not found") and its invalid JSON field become MalformedMultipartError.
 * Errors the plugin already gives a fitting status (limits, premature close) pass unchanged.
 */
export async function* multipartParts(request: FastifyRequest): AsyncGenerator<Multipart> {
  const parts = request.parts();
  try {
    for (;;) {
      const next = await parts.next().catch((error: Error & { statusCode?: number; code?: string }) => {
        // The plugin answers a part declared JSON that is not with 406, which is about the Accept header.
        const malformed = !error.statusCode || error.code === 'FST_INVALID_JSON_FIELD_ERROR';
        throw malformed ? new MalformedMultipartError(error.message) : error;
      });
      if (next.done) return;
      yield next.value;
    }
  } finally {
    // Leaving early (an answer before the last part) must still release the parser, as for-await would.
    await parts.return?.(undefined);
  }
}
