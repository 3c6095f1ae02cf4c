import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ScriptedAnswer {
  readonly status: number;
  /** An object is sent as the registry's JSON; a string as it is (a proxy's HTML page, say). */
  readonly body?: unknown;
  /** Never answer: the client's timeout has to end the request. */
  readonly hang?: boolean;
}

export interface ScriptedRequest {
  readonly method: string;
  /** The path below the Confluent-compatible base, e.g. `/schemas/ids/7`. */
  readonly path: string;
  readonly authorization: string | undefined;
}

export interface ScriptedRegistry {
  /** The base URL to give a SchemaRegistryClient, like Apicurio's `…/apis/ccompat/v7`. */
  readonly url: string;
  readonly requests: readonly ScriptedRequest[];
  close(): Promise<void>;
}

const basePath = '/apis/ccompat/v7';

/**
 * A local HTTP server standing in for a registry (or the proxy in front of one) in unit tests of a client:
 * `answer` decides each response, so a test can script a 502 page, a 401 or a hung connection.
 */
export async function startScriptedRegistry(
  answer: (request: ScriptedRequest) => ScriptedAnswer,
): Promise<ScriptedRegistry> {
  const requests: ScriptedRequest[] = [];
  const hung = new Set<IncomingMessage>();
  const server = createServer((incoming, response) => {
    const request = {
      method: incoming.method ?? 'GET',
      path: (incoming.url ?? '').replace(basePath, ''),
      authorization: incoming.headers.authorization,
    };
    requests.push(request);
    const { status, body, hang } = answer(request);
    if (hang) {
      hung.add(incoming);
      return;
    }
    const json = typeof body !== 'string';
    response
      .writeHead(status, { 'content-type': json ? 'application/vnd.schemaregistry.v1+json' : 'text/html' })
      .end(json ? JSON.stringify(body ?? {}) : body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${basePath}`,
    requests,
    close: () =>
      new Promise((resolve, reject) => {
        for (const request of hung) request.socket.destroy();
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** The `Authorization` header of HTTP Basic auth for `username` and `password`. */
export function basicAuthorization(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}
