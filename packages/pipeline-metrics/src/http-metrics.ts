import type { Registry } from 'prom-client';
import { family, latencyBuckets } from './metric-family.ts';

export interface HttpExchange {
  readonly method: string;
  /** The route pattern (`/v1/documents/:id`), never the raw URL: ids would explode the series. */
  readonly route: string;
  readonly statusCode: number;
  readonly durationMs: number;
}

/** RED series of an HTTP API: rate and errors by route and status, and duration. */
export function httpExchangeRecorder(registry: Registry): (exchange: HttpExchange) => void {
  const requests = family(registry, 'counter', {
    name: 'docsort_http_requests_total',
    help: 'HTTP requests answered, by method, route and status code.',
    labelNames: ['method', 'route', 'status_code'],
  });
  const duration = family(registry, 'histogram', {
    name: 'docsort_http_request_duration_seconds',
    help: 'Time to answer an HTTP request (an upload includes storing it and producing its record).',
    labelNames: ['method', 'route'],
    buckets: latencyBuckets,
  });
  return ({ method, route, statusCode, durationMs }) => {
    requests.inc({ method, route, status_code: String(statusCode) });
    duration.observe({ method, route }, durationMs / 1000);
  };
}
