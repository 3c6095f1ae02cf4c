import type { ClassificationFeedback } from '@docsort/contracts';
import type { ResultStore } from '@docsort/document-results';
import { type ObjectStore, objectKeys } from '@docsort/object-store';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { type EraseDocument, registerDeletionRoute } from './deletion-route.ts';
import type { DocumentSubmitter, Submission, SubmissionDetails } from './document-submitter.ts';
import type { IngestConfig } from './ingest-config.ts';
import { UploadTooLargeError } from './measured-upload.ts';
import { sanitizeFilename } from './sanitize-filename.ts';

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
  /** Serves DELETE /v1/documents/{id}. */
  readonly eraseDocument?: EraseDocument;
}

const errorBody = {
  type: 'object',
  properties: { error: { type: 'string' }, message: { type: 'string' } },
  required: ['error', 'message'],
} as const;

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

function problem(reply: FastifyReply, status: number, error: string, message: string) {
  return reply.code(status).send({ error, message });
}

interface Metadata {
  tenant: string | null;
  attributes: Record<string, string>;
  correlationId?: string;
}

/** The `metadata` form field: a JSON object with an optional tenant, correlationId and string attributes. */
function parseMetadata(raw: string): Metadata | string {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return 'metadata must be a JSON object';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return 'metadata must be a JSON object';
  const { tenant, attributes, correlationId } = value as Record<string, unknown>;
  if (tenant !== undefined && tenant !== null && typeof tenant !== 'string')
    return 'metadata.tenant must be a string';
  if (correlationId !== undefined && typeof correlationId !== 'string')
    return 'metadata.correlationId must be a string';
  const attrs: Record<string, string> = {};
  if (attributes !== undefined) {
    if (typeof attributes !== 'object' || attributes === null || Array.isArray(attributes)) {
      return 'metadata.attributes must be an object of strings';
    }
    for (const [k, v] of Object.entries(attributes)) {
      if (typeof v !== 'string') return `metadata.attributes.${k} must be a string`;
      attrs[k] = v;
    }
  }
  return {
    tenant: (tenant as string | undefined) ?? null,
    attributes: attrs,
    ...(correlationId ? { correlationId } : {}),
  };
}

/**
 * The upload API: POST /v1/documents (multipart, streamed into object storage), GET /v1/documents/{id}
 * (classification, failure or pending), POST /v1/documents/{id}/feedback, /openapi.json with docs at /docs,
 * /healthz, /readyz and /metrics.
 */
export async function buildIngestApi(deps: IngestApiDeps): Promise<FastifyInstance> {
  const { config, submitter, store } = deps;
  const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
  // A request must arrive whole in time: a client trickling its upload (slow loris) gets 408 and its
  // connection closed, and the half-received upload is removed like any failed one. (Node's own
  // requestTimeout is only checked every 30 s and not while a handler streams the body.)
  let uploadsInProgress = 0;
  app.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'POST') return;
    // Load shedding: past the limit an upload is refused at once (503, come back later) rather than
    // queued until every client times out.
    if (request.url.split('?')[0] === '/v1/documents') {
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
    }
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
        securitySchemes: { apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' } },
      },
      ...(config.apiKeys.length ? { security: [{ apiKey: [] }] } : {}),
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

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (!config.apiKeys.length || !request.url.startsWith('/v1/')) return;
    const bearer = request.headers.authorization?.match(/^Bearer (.+)$/)?.[1];
    const key = (request.headers['x-api-key'] as string | undefined) ?? bearer;
    if (!key || !config.apiKeys.includes(key)) {
      return problem(
        reply,
        401,
        'unauthorized',
        'a valid API key is required in X-API-Key or Authorization: Bearer',
      );
    }
  });

  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, _request, reply) => {
    if (error.code === 'FST_FILES_LIMIT') {
      return problem(reply, 413, 'too_many_files', `at most ${config.maxFilesPerRequest} files per request`);
    }
    if (error.statusCode && error.statusCode < 500)
      return problem(reply, error.statusCode, 'bad_request', error.message);
    // Storage or Kafka unavailable: the client may try again; nothing was accepted.
    reply.header('Retry-After', String(config.retryAfterSeconds * 5));
    return problem(reply, 503, 'unavailable', `could not accept the document now: ${error.message}`);
  });

  app.post(
    '/v1/documents',
    {
      schema: {
        summary: 'Submit one or more documents',
        description:
          'multipart/form-data with one or more `file` parts. Optional fields, sent before the files they apply to: ' +
          '`filename` (overrides the part’s file name) and `metadata` (JSON: `{"tenant": "...", "correlationId": "...", ' +
          '"attributes": {"key": "value"}}`). Answers 202 with the documentIds; poll `Location` for the result.',
        tags: ['documents'],
        response: { 202: acceptedBody, 400: errorBody, 401: errorBody, 413: errorBody, 503: errorBody },
      },
    },
    async (request, reply) => {
      if (!request.isMultipart())
        return problem(reply, 415, 'unsupported_media_type', 'send multipart/form-data');
      let metadata: Metadata = { tenant: null, attributes: {} };
      let filenameOverride: string | undefined;
      const accepted: Array<Submission & { filename: string; location: string }> = [];
      for await (const part of request.parts()) {
        if (part.type === 'field') {
          if (part.fieldname === 'metadata') {
            const parsed = parseMetadata(String(part.value));
            if (typeof parsed === 'string') return problem(reply, 400, 'invalid_metadata', parsed);
            metadata = parsed;
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

  app.get<{ Params: { id: string } }>(
    '/v1/documents/:id',
    {
      schema: {
        summary: 'The state of a submitted document: its classification, its failure, or pending',
        tags: ['documents'],
        params: { type: 'object', properties: { id: { type: 'string', format: 'uuid' } }, required: ['id'] },
        response: {
          200: {
            type: 'object',
            description: 'status "classified" with the classification, or "failed" with the stage and reason',
            additionalProperties: true,
            properties: {
              documentId: { type: 'string' },
              status: { type: 'string', enum: ['classified', 'failed'] },
            },
          },
          202: { type: 'object', properties: { documentId: { type: 'string' }, status: { type: 'string' } } },
          400: errorBody,
          404: errorBody,
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const result = await deps.results.read(id);
      if (result?.status === 'classified') {
        return reply.code(200).send({ documentId: id, status: result.status, ...result.classification });
      }
      if (result?.status === 'failed')
        return reply.code(200).send({ documentId: id, status: result.status, ...result.failure });
      if (!(await store.exists(store.config.bucket, objectKeys.document(id)))) {
        return problem(reply, 404, 'not_found', `no document ${id}`);
      }
      reply.header('Retry-After', String(config.retryAfterSeconds));
      return reply.code(202).send({ documentId: id, status: 'pending' });
    },
  );

  app.post<{ Params: { id: string }; Body: { label: string; reviewer?: string; note?: string } }>(
    '/v1/documents/:id/feedback',
    {
      schema: {
        summary: "A reviewer's correction: the document's right label, learnt by the next training run",
        tags: ['documents'],
        params: { type: 'object', properties: { id: { type: 'string', format: 'uuid' } }, required: ['id'] },
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
          202: { type: 'object', properties: { documentId: { type: 'string' }, label: { type: 'string' } } },
          400: errorBody,
          404: errorBody,
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const { label, reviewer, note } = request.body;
      if (!deps.labels.includes(label)) {
        return problem(
          reply,
          400,
          'unknown_label',
          `"${label}" is not a label; known: ${deps.labels.join(', ')}`,
        );
      }
      if (!(await store.exists(store.config.bucket, objectKeys.document(id)))) {
        return problem(reply, 404, 'not_found', `no document ${id}`);
      }
      const result = await deps.results.read(id);
      await deps.sendFeedback({
        documentId: id,
        correctLabel: label,
        previousLabel: result?.status === 'classified' ? result.classification.label : null,
        reviewer: reviewer ?? 'api',
        note: note ?? null,
        at: Date.now(),
      });
      return reply.code(202).send({ documentId: id, label });
    },
  );

  if (deps.eraseDocument) registerDeletionRoute(app, deps.eraseDocument);

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
                metadata: { type: 'string', description: 'JSON object: tenant, correlationId, attributes' },
                filename: { type: 'string' },
                file: { type: 'array', items: { type: 'string', format: 'binary' } },
              },
              required: ['file'],
            },
          },
        },
      };
    }
    return document;
  });

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
