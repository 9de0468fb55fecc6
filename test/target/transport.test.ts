import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { startMock } from '../../src/mock/index.ts';
import { politeTransport, remoteTarget, TransportError, type Target } from '../../src/target/index.ts';

async function against(cmaUrl: string, transport: ReturnType<typeof politeTransport>, token = 'x'): Promise<Target> {
  return remoteTarget({ cmaUrl, cdaUrl: cmaUrl, token, environment: undefined }, { transport, timeoutMs: 2000 });
}

/** A server that answers from a script of (status, body) pairs, then 200. */
async function scripted(
  script: { status: number; body: unknown; headers?: Record<string, string> }[],
): Promise<{ url: string; hits: () => number; arrivals: number[]; close: () => Promise<void> }> {
  const arrivals: number[] = [];
  const server: Server = createServer((_req, res) => {
    const step = script[arrivals.length] ?? {
      status: 200,
      body: { data: { type: 'site', id: '1', attributes: { name: 'x', locales: ['en'], timezone: 'UTC' } } },
    };
    arrivals.push(Date.now());
    res.writeHead(step.status, { 'content-type': 'application/json', ...step.headers }).end(JSON.stringify(step.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits: () => arrivals.length,
    arrivals,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const transient = {
  status: 503,
  body: {
    data: [{ id: 'x', type: 'api_error', attributes: { code: 'SERVICE_UNAVAILABLE', details: {}, transient: true } }],
  },
};

describe('the polite transport', () => {
  it('keeps to its share of the rate limit: a burst gets no 429, and the queue no leak warning', async () => {
    const mock = await startMock({ rateLimit: { limit: 10, windowMs: 1000 } });
    const target = await against(
      mock.cmaUrl,
      politeTransport({ limit: 10, windowMs: 1000, share: 0.5 }),
      mock.adminSecret,
    );
    const warnings: string[] = [];
    const warned = (warning: Error) => warnings.push(warning.name);
    process.on('warning', warned);
    try {
      const replies = await Promise.all(Array.from({ length: 12 }, () => target.cma({ method: 'GET', path: '/site' })));
      expect(replies.map((r) => r.response.status)).toEqual(Array(12).fill(200));
      expect(target.stats.rateLimited).toBe(0);
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).not.toContain('MaxListenersExceededWarning');
    } finally {
      process.off('warning', warned);
      await target.close();
      await mock.close();
    }
  });

  it('waits X-RateLimit-Reset after a 429 and then succeeds', async () => {
    const mock = await startMock({ rateLimit: { limit: 3, windowMs: 1000 } });
    const target = await against(
      mock.cmaUrl,
      politeTransport({ limit: 60, windowMs: 1000, share: 1 }),
      mock.adminSecret,
    );
    try {
      const replies = await Promise.all(Array.from({ length: 6 }, () => target.cma({ method: 'GET', path: '/site' })));
      expect(replies.map((r) => r.response.status)).toEqual(Array(6).fill(200));
      expect(target.stats.rateLimited).toBeGreaterThan(0);
    } finally {
      await target.close();
      await mock.close();
    }
  });

  it('lets requests issued together leave together, even when the window is full', async () => {
    const server = await scripted([]);
    const target = await against(server.url, politeTransport({ limit: 4, windowMs: 600, share: 1 }));
    try {
      // Spaced requests fill the window: paced one by one, a later group would inherit their spacing.
      for (let i = 0; i < 4; i += 1) {
        await target.cma({ method: 'GET', path: '/site' });
        await sleep(120);
      }
      await Promise.all(Array.from({ length: 3 }, () => target.cma({ method: 'GET', path: '/site' })));
      const group = server.arrivals.slice(4);
      expect(Math.max(...group) - Math.min(...group)).toBeLessThan(60);
      // ...and the group still waited for room in the window.
      expect(group[0]! - server.arrivals[0]!).toBeGreaterThanOrEqual(600);
    } finally {
      await Promise.all([target.close(), server.close()]);
    }
  });

  it('sends nothing that was waiting for room in the window once the run is aborted', async () => {
    const server = await scripted([]);
    const abort = new AbortController();
    const target = await against(
      server.url,
      politeTransport({ limit: 2, windowMs: 500, share: 1, stop: abort.signal }),
    );
    try {
      for (let i = 0; i < 2; i += 1) await target.cma({ method: 'GET', path: '/site' });
      const queued = Array.from({ length: 2 }, () => target.cma({ method: 'GET', path: '/site' }));
      await sleep(100);
      // Issued together, and aborted before the group is admitted.
      const gathered = Array.from({ length: 2 }, () => target.cma({ method: 'GET', path: '/site' }));
      setImmediate(() => abort.abort());
      const waiting = [...queued, ...gathered];
      for (const request of waiting) await expect(request).rejects.toBeDefined();
      await sleep(700);
      expect(server.hits()).toBe(2);
    } finally {
      await Promise.all([target.close(), server.close()]);
    }
  });

  it('retries a transient failure, but never a plain 500 (it is a finding, not noise)', async () => {
    const flaky = await scripted([transient, transient]);
    const broken = await scripted([{ status: 500, body: { error: 'boom' } }]);
    const a = await against(flaky.url, politeTransport({ retries: 3 }));
    const b = await against(broken.url, politeTransport({ retries: 3 }));
    try {
      expect((await a.cma({ method: 'GET', path: '/site' })).response.status).toBe(200);
      expect(flaky.hits()).toBe(3);
      expect(a.stats.retries).toBe(2);
      expect((await b.cma({ method: 'GET', path: '/site' })).response.status).toBe(500);
      expect(broken.hits()).toBe(1);
    } finally {
      await Promise.all([a.close(), b.close(), flaky.close(), broken.close()]);
    }
  });

  it('gives up at the deadline instead of hanging, with a TransportError', async () => {
    const down = await scripted(Array(100).fill(transient));
    const target = await against(down.url, politeTransport({ retries: 50, deadline: Date.now() + 600 }));
    try {
      const started = Date.now();
      await expect(target.cma({ method: 'GET', path: '/site' })).rejects.toBeInstanceOf(TransportError);
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      await Promise.all([target.close(), down.close()]);
    }
  });

  it('reports an unreachable target as a TransportError', async () => {
    const gone = await scripted([]);
    await gone.close();
    const target = await against(gone.url, politeTransport({ retries: 1 }));
    try {
      await expect(target.cma({ method: 'GET', path: '/site' })).rejects.toThrow(/ECONNREFUSED|connect/);
    } finally {
      await target.close();
    }
  });
});
