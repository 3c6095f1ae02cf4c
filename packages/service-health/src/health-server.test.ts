import { describe, expect, it } from 'vitest';
import { startHealthServer } from './health-server.ts';

describe('startHealthServer', () => {
  it('answers /healthz always, and /readyz 503 with each failing check’s reason until all pass', async () => {
    let modelLoaded = false;
    const health = await startHealthServer(0, {
      objectStore: async () => ({ ok: true }),
      model: async () => (modelLoaded ? { ok: true } : { ok: false, reason: 'no model "x" is published' }),
      registry: async () => {
        throw new Error('connect ECONNREFUSED');
      },
    });
    try {
      expect((await fetch(`${health.url}/healthz`)).status).toBe(200);
      const notReady = await fetch(`${health.url}/readyz`);
      expect(notReady.status).toBe(503);
      expect(await notReady.json()).toEqual({
        status: 'not ready',
        checks: {
          objectStore: { ok: true },
          model: { ok: false, reason: 'no model "x" is published' },
          registry: { ok: false, reason: 'connect ECONNREFUSED' },
        },
      });
      modelLoaded = true;
      const body = (await (await fetch(`${health.url}/readyz`)).json()) as {
        checks: Record<string, unknown>;
      };
      expect(body.checks.model).toEqual({ ok: true });
      expect((await fetch(`${health.url}/nope`)).status).toBe(404);
    } finally {
      await health.close();
    }
  });
});
