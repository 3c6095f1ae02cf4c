import { type ClassificationFeedback, PipelineError } from '@docsort/contracts';
import type { ResultStore } from '@docsort/document-results';
import type { ObjectStore } from '@docsort/object-store';
import { type ReviewRoutesDeps, registerReviewRoutes } from '@docsort/review-queue';
import { registerDocumentViewRoutes, registerReviewPage } from '@docsort/review-web';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import { AuthenticationError, type Caller, CallerIdentity } from './caller-identity.ts';
import {
  callerMaySee,
  type EraseDocument,
  registerDocumentRoutes,
  uploadLimiter,
} from './document-routes.ts';
import type { DocumentSubmitter } from './document-submitter.ts';
import { commonErrorResponses, problem } from './http-problem.ts';
import type { IngestConfig } from './ingest-config.ts';

export interface IngestApiDeps {
  readonly config: IngestConfig;
  readonly submitter: DocumentSubmitter;
  readonly store: ObjectStore;
  /** For /readyz: whether the Kafka producer is connected. */
  readonly isProducerReady: () => boolean;
  /** Where the sink writes each document's outcome. */
  readonly results: ResultStore;
  /** Produces a reviewer's correction to documents.feedback. */
  readonly sendFeedback: (feedback: ClassificationFeedback) => Promise<void>;
  /** The taxonomy's labels (and `other`): feedback must name one of them. */
  readonly labels: readonly string[];
  /** Told of every answered request (the service's HTTP metrics), by route pattern. */
  readonly onExchange?: (exchange: {
    method: string;
    route: string;
    statusCode: number;
    durationMs: number;
  }) => void;
  /** More /readyz checks (the schema registry), each ok or not with its reason. */
  readonly readinessChecks?: Readonly<
    Record<string, () => Promise<{ readonly ok: boolean; readonly reason?: string }>>
  >;
  /** Serves GET /metrics. */
  readonly metrics?: () => Promise<{ contentType: string; body: string }>;
  /** Where requests that fail for an unexpected reason are logged (with the error's stack); silent if unset. */
  readonly logger?: FastifyBaseLogger;
  /** Serves DELETE /v1/documents/{id}. */
  readonly eraseDocument?: EraseDocument;
  /** Serves /v1/review/… over this queue (see @docsort/review-queue). */
  readonly review?: Pick<ReviewRoutesDeps, 'queue' | 'onReviewed'>;
}

/**
 * Storage or Kafka not answering: the only failures a client should retry (503 + Retry-After). The object
 * store raises RetriableError for them; kafkajs errors all say Kafka did not take the record.
 */
function isDependencyUnavailable(error: Error): boolean {
  return (error instanceof PipelineError && error.retriable) || error.name.startsWith('KafkaJS');
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the /v1 routes' authentication hook before any handler runs. */
    caller: Caller;
  }
}

/**
 * The upload API: POST /v1/documents (multipart, streamed into object storage), GET /v1/documents/{id}
 * (classification, failure or pending), POST /v1/documents/{id}/feedback, a document's page images and text,
 * the review page at /review/, /openapi.json with docs at /docs, /healthz, /readyz and /metrics.
 */
export async function buildIngestApi(deps: IngestApiDeps): Promise<FastifyInstance> {
  const { config, store } = deps;
  const identity = new CallerIdentity(config.apiKeys, config.oidc);
  const app = Fastify({
    loggerInstance: deps.logger,
    // One line per request would drown the service's own; errors are logged by the error handler.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 1024 * 1024,
  });
  // A request must arrive whole in time: a client trickling its upload (slow loris) gets 408 and its
  // connection closed, and the half-received upload is removed like any failed one. (Node's own
  // requestTimeout is only checked every 30 s and not while a handler streams the body.)
  app.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'POST') return;
    const timer = setTimeout(() => {
      if (reply.sent) return;
      reply.raw.once('finish', () => request.raw.destroy());
      void problem(
        reply.header('connection', 'close'),
        408,
        'request_timeout',
        `the request did not arrive within ${config.requestTimeoutMs} ms`,
      );
    }, config.requestTimeoutMs);
    reply.raw.once('close', () => clearTimeout(timer));
  });
  const { onExchange } = deps;
  if (onExchange) {
    app.addHook('onResponse', async (request, reply) => {
      onExchange({
        method: request.method,
        // The pattern, not the URL: one series per route however many document ids pass.
        route: request.routeOptions.url ?? 'unmatched',
        statusCode: reply.statusCode,
        durationMs: reply.elapsedTime,
      });
    });
  }

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'docsort ingest API',
        version: '1',
        description:
          'Submit documents for classification. Files are identified by their content, never by their names.',
      },
      components: {
        securitySchemes: {
          apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
          bearer: {
            type: 'http',
            scheme: 'bearer',
            description: 'an API key, or a JWT of the configured issuer',
          },
        },
      },
      ...(identity.required ? { security: [{ apiKey: [] }, { bearer: [] }] } : {}),
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  await app.register(multipart, {
    limits: {
      // One byte more than allowed, so that the MeasuredUpload sees the excess and refuses it.
      fileSize: config.maxUploadBytes + 1,
      files: config.maxFilesPerRequest,
      fields: 10,
      fieldSize: 64 * 1024,
    },
  });

  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
    if (error.code === 'FST_FILES_LIMIT') {
      return problem(reply, 413, 'too_many_files', `at most ${config.maxFilesPerRequest} files per request`);
    }
    if (error.statusCode && error.statusCode < 500)
      return problem(reply, error.statusCode, 'bad_request', error.message);
    if (isDependencyUnavailable(error)) {
      // Storage or Kafka unavailable: the client may try again; nothing was accepted.
      request.log.warn({ err: error }, 'request refused: a dependency is unavailable');
      reply.header('Retry-After', String(config.retryAfterSeconds * 5));
      return problem(reply, 503, 'unavailable', `could not accept the document now: ${error.message}`);
    }
    // A defect: retrying will not help, so the client is told so and the error is logged whole.
    request.log.error(
      { err: error, method: request.method, route: request.routeOptions.url },
      'request failed',
    );
    return problem(reply, 500, 'internal_error', 'the request failed; the error is logged');
  });

  // The API proper. Its hooks are the routes' own: they run for whatever URL the router matched (an encoded
  // or absolute-form URL included), not for what the raw URL happens to start with.
  await app.register(
    async (v1) => {
      v1.decorateRequest('caller', null as unknown as Caller);
      v1.addHook('onRequest', async (request, reply) => {
        try {
          request.caller = await identity.identify(request.headers);
        } catch (error) {
          if (!(error instanceof AuthenticationError)) throw error;
          reply.header('WWW-Authenticate', 'Bearer');
          return problem(reply, 401, 'unauthorized', error.message);
        }
      });
      registerDocumentRoutes(v1, deps, uploadLimiter(config));
      registerDocumentViewRoutes(v1, {
        store,
        authorize: (request, documentId) => callerMaySee(deps, request.caller, documentId),
        maxDocumentBytes: config.maxUploadBytes,
        otherAnswers: commonErrorResponses('GET'),
      });
      if (deps.review) {
        registerReviewRoutes(v1, {
          ...deps.review,
          labels: deps.labels,
          sendFeedback: deps.sendFeedback,
          callerOf: (request) => request.caller,
          commonErrorResponses,
        });
      }
    },
    { prefix: '/v1' },
  );

  app.get('/openapi.json', { schema: { hide: true } }, async () => {
    const document = app.swagger() as { paths?: Record<string, Record<string, Record<string, unknown>>> };
    // Multipart bodies are read as a stream, not validated by a schema: describe them for the docs only.
    const post = document.paths?.['/v1/documents']?.post;
    if (post) {
      post.requestBody = {
        required: true,
        content: {
          'multipart/form-data': {
            schema: {
              type: 'object',
              properties: {
                metadata: {
                  type: 'object',
                  additionalProperties: false,
                  properties: {
                    tenant: { type: 'string', nullable: true, description: 'your own tenant, or absent' },
                    correlationId: { type: 'string' },
                    attributes: {
                      type: 'object',
                      additionalProperties: { type: 'string' },
                      description: 'names starting with "docsort." are reserved',
                    },
                  },
                },
                filename: { type: 'string' },
                file: {
                  type: 'array',
                  items: { type: 'string', format: 'binary' },
                  minItems: 1,
                  maxItems: config.maxFilesPerRequest,
                },
              },
              required: ['file'],
              // No other fields: the API has no use for them, and past the parser's limit of 10 fields refuses the request.
              additionalProperties: false,
            },
            encoding: { metadata: { contentType: 'application/json' } },
          },
        },
      };
    }
    // The labels are checked by the handlers, not the routes' schemas, so that a wrong one is answered with the
    // list of known labels; the description names them all the same.
    for (const path of ['/v1/documents/{id}/feedback', '/v1/review/items/{id}/label']) {
      const body = document.paths?.[path]?.post as
        | { requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, object> } }> } }
        | undefined;
      const label = body?.requestBody?.content?.['application/json']?.schema?.properties?.label;
      if (label) Object.assign(label, { enum: deps.labels });
    }
    return document;
  });

  // The review page: static, outside /v1; it asks for an API key and sends it with its /v1 calls.
  await registerReviewPage(app, { labels: deps.labels });

  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  const { metrics } = deps;
  if (metrics) {
    app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
      const { contentType, body } = await metrics();
      return reply.type(contentType).send(body);
    });
  }
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    // The same shape as the other services' /readyz: each check ok, or not with its reason.
    const bucket = await store.client.bucketExists(store.config.bucket).catch((error: Error) => error);
    const checks: Record<string, { ok: boolean; reason?: string }> = {
      kafka: deps.isProducerReady()
        ? { ok: true }
        : { ok: false, reason: 'the Kafka producer is not connected' },
      objectStore:
        bucket === true
          ? { ok: true }
          : {
              ok: false,
              reason:
                bucket instanceof Error ? bucket.message : `bucket ${store.config.bucket} does not exist`,
            },
    };
    for (const [name, check] of Object.entries(deps.readinessChecks ?? {})) {
      checks[name] = await check().catch((error: Error) => ({ ok: false, reason: error.message }));
    }
    const ready = Object.values(checks).every((check) => check.ok);
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', checks });
  });

  return app;
}
