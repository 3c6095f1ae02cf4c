import type { ClassificationFeedback } from '@docsort/contracts';
// Its types add the OpenAPI fields (summary, tags…) to route schemas; the host API registers the plugin.
import type {} from '@fastify/swagger';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { StoredReviewItem } from './review-item.ts';
import { cursorPattern, InvalidCursorError, type ReviewFilter } from './review-query.ts';
import type { ReviewOutcome, ReviewQueue, ReviewScope } from './review-queue.ts';

/** Who calls, as the host API's authentication found them (ingest-api's `Caller`). */
export interface ReviewCaller {
  readonly tenant: string | null;
  readonly subject: string;
  readonly authenticated: boolean;
}

export interface ReviewRoutesDeps {
  readonly queue: ReviewQueue;
  /** The labels a reviewer may give (the taxonomy's and `other`). */
  readonly labels: readonly string[];
  /** Produces a reviewer's correction to documents.feedback. */
  readonly sendFeedback: (feedback: ClassificationFeedback) => Promise<void>;
  /** The caller of a request, set by the host API's authentication hook. */
  readonly callerOf: (request: FastifyRequest) => ReviewCaller;
  /** What any route of the host API may answer besides its own (401, 500, 503…), by method. */
  readonly commonErrorResponses: (method: 'GET' | 'POST') => Record<number, object>;
  /** Told of each verdict once it is recorded (the review metrics). */
  readonly onReviewed?: (item: StoredReviewItem, label: string) => void;
}

/** The host API's error body: a stable machine-readable `error` and a sentence for people. */
const errorBody = {
  type: 'object',
  properties: { error: { type: 'string' }, message: { type: 'string' } },
  required: ['error', 'message'],
} as const;

const nullable = (type: 'string' | 'number' | 'integer') => ({ type, nullable: true }) as const;

const reviewItemSchema = {
  type: 'object',
  properties: {
    documentId: { type: 'string', format: 'uuid' },
    filename: { type: 'string' },
    suggestedLabel: { type: 'string' },
    confidence: { type: 'number' },
    topK: {
      type: 'array',
      items: {
        type: 'object',
        properties: { label: { type: 'string' }, score: { type: 'number' } },
        required: ['label', 'score'],
      },
    },
    format: nullable('string'),
    language: nullable('string'),
    pageCount: nullable('integer'),
    reviewReason: {
      ...nullable('string'),
      description:
        'why it needs review: low_confidence or unfamiliar (no label fits well); null if unrecorded',
    },
    queuedAt: { type: 'integer', description: 'ms since the epoch' },
    claimedBy: nullable('string'),
    leaseExpiresAt: { ...nullable('integer'), description: 'ms since the epoch' },
  },
  required: [
    'documentId',
    'filename',
    'suggestedLabel',
    'confidence',
    'topK',
    'format',
    'language',
    'pageCount',
    'reviewReason',
    'queuedAt',
    'claimedBy',
    'leaseExpiresAt',
  ],
} as const;

const idParams = {
  type: 'object',
  properties: { id: { type: 'string', format: 'uuid' } },
  required: ['id'],
} as const;

const tags = ['review'];

const refusalAnswers = {
  not_found: [404, 'no such document in your review queue'],
  queue_empty: [404, 'nothing left to review for you'],
  claimed_by_other: [409, 'another reviewer holds this document'],
  already_reviewed: [409, 'this document has been reviewed'],
  not_claimed: [409, 'claim the document first: only the reviewer holding it may label or skip it'],
} as const;

function refuse(reply: FastifyReply, outcome: Extract<ReviewOutcome<unknown>, { ok: false }>) {
  const [status, message] = refusalAnswers[outcome.reason];
  return reply.code(status).send({ error: outcome.reason, message });
}

/** Without authentication every document is everyone's; with it, only the caller's tenant's. */
function scopeOf(caller: ReviewCaller): ReviewScope {
  return caller.authenticated ? { tenant: caller.tenant } : 'all-tenants';
}

/**
 * The review API on the host's `/v1` plugin (whose hook authenticates): GET /review/items, POST
 * /review/claims, POST /review/items/{id}/label and /skip, GET /review/stats — each scoped to the caller's
 * tenant, the caller's subject being the reviewer.
 */
export function registerReviewRoutes(v1: FastifyInstance, deps: ReviewRoutesDeps): void {
  const { queue } = deps;

  v1.get<{
    Querystring: ReviewFilter & { cursor?: string; limit: number };
  }>(
    '/review/items',
    {
      schema: {
        summary: 'Documents waiting for review that you may take, oldest first',
        description:
          'Not reviewed, not held by another reviewer (an expired lease holds nothing), not skipped by you ' +
          'lately. Page with `nextCursor`.',
        tags,
        querystring: {
          type: 'object',
          properties: {
            label: { type: 'string', description: 'the suggested label' },
            minConfidence: { type: 'number', minimum: 0, maximum: 1 },
            maxConfidence: { type: 'number', minimum: 0, maximum: 1 },
            format: { type: 'string', description: 'e.g. pdf, docx, png' },
            olderThanSeconds: { type: 'integer', minimum: 0, description: 'queued at least this long ago' },
            cursor: { type: 'string', pattern: cursorPattern, description: "the previous page's nextCursor" },
            limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
          },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              items: { type: 'array', items: reviewItemSchema },
              nextCursor: nullable('string'),
            },
            required: ['items', 'nextCursor'],
          },
          400: errorBody,
          ...deps.commonErrorResponses('GET'),
        },
      },
    },
    async (request, reply) => {
      const caller = deps.callerOf(request);
      const { cursor, limit, ...filter } = request.query;
      try {
        return await queue.list(scopeOf(caller), caller.subject, {
          filter,
          limit,
          ...(cursor === undefined ? {} : { cursor }),
        });
      } catch (error) {
        if (error instanceof InvalidCursorError) {
          return reply.code(400).send({ error: 'invalid_cursor', message: error.message });
        }
        throw error;
      }
    },
  );

  v1.post<{ Body: { documentId?: string } }>(
    '/review/claims',
    {
      schema: {
        summary: 'Claim a document to review: the one named, or the oldest you may take',
        description:
          'A lease: nobody else is offered the document until it expires (DOCSORT_REVIEW_LEASE_SECONDS). ' +
          'Claiming again renews it. 404 `queue_empty` when nothing is left for you; 409 when another ' +
          'reviewer holds the document.',
        tags,
        body: {
          type: 'object',
          description: 'no body, or `{}`: the oldest document you may take',
          properties: { documentId: { type: 'string', format: 'uuid' } },
          additionalProperties: false,
        },
        response: {
          200: {
            type: 'object',
            properties: { item: reviewItemSchema, leaseExpiresAt: { type: 'integer' } },
            required: ['item', 'leaseExpiresAt'],
          },
          400: errorBody,
          404: errorBody,
          409: errorBody,
          ...deps.commonErrorResponses('POST'),
        },
      },
      // A POST without a body (`curl -X POST …/claims`) asks for the next document, as `{}` does.
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request, reply) => {
      const caller = deps.callerOf(request);
      const outcome = await queue.claim(scopeOf(caller), caller.subject, request.body.documentId);
      return outcome.ok ? outcome.value : refuse(reply, outcome);
    },
  );

  v1.post<{ Params: { id: string }; Body: { label: string; note?: string } }>(
    '/review/items/:id/label',
    {
      schema: {
        summary:
          'Label a document you hold: the correction goes to training and the document leaves the queue',
        description:
          'Sends the correction to documents.feedback with you as the reviewer. 409 unless you hold the ' +
          'document; 400 for a label the taxonomy does not have.',
        tags,
        params: idParams,
        body: {
          type: 'object',
          properties: { label: { type: 'string', minLength: 1 }, note: { type: 'string' } },
          required: ['label'],
          additionalProperties: false,
        },
        response: {
          202: {
            type: 'object',
            properties: { documentId: { type: 'string' }, label: { type: 'string' } },
            required: ['documentId', 'label'],
          },
          400: errorBody,
          404: errorBody,
          409: errorBody,
          ...deps.commonErrorResponses('POST'),
        },
      },
    },
    async (request, reply) => {
      const caller = deps.callerOf(request);
      const { id } = request.params;
      const { label, note } = request.body;
      if (!deps.labels.includes(label)) {
        return reply.code(400).send({
          error: 'unknown_label',
          message: `"${label}" is not a label; known: ${deps.labels.join(', ')}`,
        });
      }
      const outcome = await queue.label(scopeOf(caller), caller.subject, id, label, (item) =>
        deps.sendFeedback({
          documentId: id,
          correctLabel: label,
          previousLabel: item.suggestedLabel,
          reviewer: caller.subject,
          note: note ?? null,
          at: Date.now(),
          tenant: item.tenant,
        }),
      );
      if (!outcome.ok) return refuse(reply, outcome);
      deps.onReviewed?.(outcome.value, label);
      return reply.code(202).send({ documentId: id, label });
    },
  );

  v1.post<{ Params: { id: string } }>(
    '/review/items/:id/skip',
    {
      schema: {
        summary: 'Give back a document you hold without labelling it',
        description:
          'Others are offered it at once; you, after DOCSORT_REVIEW_SKIP_SECONDS. 409 unless you hold it.',
        tags,
        params: idParams,
        response: {
          204: { type: 'null', description: 'released' },
          400: errorBody,
          404: errorBody,
          409: errorBody,
          ...deps.commonErrorResponses('POST'),
        },
      },
    },
    async (request, reply) => {
      const caller = deps.callerOf(request);
      const outcome = await queue.skip(scopeOf(caller), caller.subject, request.params.id);
      return outcome.ok ? reply.code(204).send() : refuse(reply, outcome);
    },
  );

  v1.get(
    '/review/stats',
    {
      schema: {
        summary: 'The review queue in numbers',
        description:
          '`pending`: waiting, held by nobody; `claimed`: held under an unexpired lease; `oldestQueuedAt`: ' +
          'when the oldest document still to review was queued (ms since the epoch).',
        tags,
        response: {
          200: {
            type: 'object',
            properties: {
              pending: { type: 'integer' },
              claimed: { type: 'integer' },
              reviewedLastHour: { type: 'integer' },
              oldestQueuedAt: nullable('integer'),
            },
            required: ['pending', 'claimed', 'reviewedLastHour', 'oldestQueuedAt'],
          },
          ...deps.commonErrorResponses('GET'),
        },
      },
    },
    async (request) => queue.stats(scopeOf(deps.callerOf(request))),
  );
}
