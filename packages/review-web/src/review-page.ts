import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
// The routes' `summary` and `hide` are @fastify/swagger's schema keywords (the host registers it).
import type {} from '@fastify/swagger';
import { build } from 'esbuild';
import type { FastifyInstance, FastifyReply } from 'fastify';

const pageDir = fileURLToPath(new URL('./page/', import.meta.url));

/**
 * The page loads nothing but its own script, style and the page images it fetched (blob: URLs), and talks
 * only to this server: an injected script could not send a reviewer's API key anywhere else.
 */
const contentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' blob:",
  "connect-src 'self'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

/** The page's script and style, bundled and minified by esbuild. */
async function bundlePage(): Promise<{ script: string; style: string }> {
  const { outputFiles } = await build({
    entryPoints: [`${pageDir}review-app.ts`, `${pageDir}review.css`],
    bundle: true,
    minify: true,
    format: 'esm',
    target: ['es2022'],
    write: false,
    outdir: 'out',
    logLevel: 'silent',
  });
  const text = (extension: string) => outputFiles.find((file) => file.path.endsWith(extension))?.text ?? '';
  return { script: text('.js'), style: text('.css') };
}

/**
 * Serves the review page at /review/: static files, no authentication (the page asks for an API key and
 * sends it with each /v1 call). The script is bundled here, at start-up and in memory, from the TypeScript
 * beside this file: a fresh clone needs only `pnpm install`, no build step whose output can go stale, and
 * esbuild takes ~50 ms for it.
 */
export async function registerReviewPage(
  app: FastifyInstance,
  options: { readonly labels: readonly string[] },
): Promise<void> {
  const [{ script, style }, html] = await Promise.all([
    bundlePage(),
    readFile(`${pageDir}index.html`, 'utf8'),
  ]);
  const labels = JSON.stringify({ labels: options.labels });
  const send = (reply: FastifyReply, type: string, body: string) =>
    reply
      .type(type)
      .header('content-security-policy', contentSecurityPolicy)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .send(body);
  const hidden = { schema: { hide: true } };
  app.get('/review', hidden, (_request, reply) => reply.redirect('/review/', 301));
  app.get('/review/', hidden, (_request, reply) => send(reply, 'text/html; charset=utf-8', html));
  app.get('/review/review.js', hidden, (_request, reply) =>
    send(reply, 'text/javascript; charset=utf-8', script),
  );
  app.get('/review/review.css', hidden, (_request, reply) => send(reply, 'text/css; charset=utf-8', style));
  app.get('/review/labels.json', hidden, (_request, reply) => send(reply, 'application/json', labels));
}
