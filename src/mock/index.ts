import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import {
  defaultAssumptions,
  loadContract,
  resolveAssumptions,
  showReading,
  variantChoices,
  type AssumptionKey,
  type AssumptionOverrides,
} from '../spec/index.ts';
import { registerCdaRoutes } from './cda/index.ts';
import { registerCmaRoutes } from './cma/index.ts';
import type { MockContext } from './context.ts';
import { findFault } from './faults/index.ts';
import { HookChain } from './hooks.ts';
import { createApp } from './http.ts';
import { RateLimiter } from './rate-limit.ts';
import { seededRandomness, seedStore } from './store.ts';

export { FAULTS, findFault, takenReadings, type Fault } from './faults/index.ts';

export interface MockOptions {
  host?: string;
  /** 0 (the default) picks a free port. */
  cmaPort?: number;
  cdaPort?: number;
  /** Names from the fault catalogue, applied in order. */
  faults?: readonly string[];
  /** Overrides of the decision points (src/spec/assumptions.ts); they win over the variant's. */
  assumptions?: AssumptionOverrides;
  /**
   * A seed: every decision point the documentation leaves open takes a reading drawn from it, so
   * the mock is a correct server that differs from the default one (`token-contract mock --variant`).
   */
  variant?: number;
  /** Refuse requests past 60 per 3 s with 429 (off by default; always counted for the headers). */
  rateLimit?: boolean | { limit: number; windowMs: number };
  /** A fixed secret for the admin token (default: random). */
  adminSecret?: string;
  /** Draw ids and secrets from this seed instead of the system's randomness (faults still draw theirs from the system). */
  seed?: number;
}

export interface RunningMock {
  cmaUrl: string;
  cdaUrl: string;
  /** The secret of the seeded admin token: full access, the suite's credential on the mock. */
  adminSecret: string;
  adminTokenId: string;
  faults: readonly string[];
  /** The readings this instance took where they differ from the defaults, as `showReading` writes them. */
  choices: Record<string, string>;
  close(): Promise<void>;
}

/** Starts a stateful DatoCMS simulator: the CMA and the CDA on two loopback listeners. */
export async function startMock(options: MockOptions = {}): Promise<RunningMock> {
  const faults = (options.faults ?? []).map(findFault);
  const { store, adminToken } = seedStore(
    options.adminSecret,
    options.seed === undefined ? undefined : seededRandomness(options.seed),
  );
  const choices: AssumptionOverrides = {
    ...(options.variant === undefined ? {} : variantChoices(options.variant)),
    ...options.assumptions,
  };
  const settings =
    typeof options.rateLimit === 'object'
      ? { ...options.rateLimit, enforce: true }
      : { limit: 60, windowMs: 3000, enforce: options.rateLimit === true };
  const cma: MockContext = {
    store,
    assumptions: resolveAssumptions(choices),
    hooks: new HookChain(faults.map((fault) => fault.create())),
    contract: await loadContract(),
    limiter: new RateLimiter(settings),
    inFlight: new Set(),
  };
  // The CDA has limits of its own (40 requests/s); it only counts them.
  const cda: MockContext = { ...cma, limiter: new RateLimiter({ limit: 40, windowMs: 1000, enforce: false }) };

  const cmaApp = createApp(cma, 'cma');
  registerCmaRoutes(cmaApp, cma);
  const cdaApp = createApp(cda, 'cda');
  registerCdaRoutes(cdaApp, cda);
  const host = options.host ?? '127.0.0.1';
  const cmaUrl = await listen(cmaApp, host, options.cmaPort ?? 0);
  const cdaUrl = await listen(cdaApp, host, options.cdaPort ?? 0).catch(async (error: unknown) => {
    await cmaApp.close();
    throw error;
  });
  return {
    cmaUrl,
    cdaUrl,
    adminSecret: adminToken.secret,
    adminTokenId: adminToken.id,
    faults: faults.map((fault) => fault.name),
    choices: Object.fromEntries(
      Object.entries(choices).flatMap(([key, value]) => {
        const reading = showReading(value);
        return reading === showReading(defaultAssumptions[key as AssumptionKey].value) ? [] : [[key, reading]];
      }),
    ),
    close: async () => {
      await Promise.all([cmaApp.close(), cdaApp.close()]);
    },
  };
}

async function listen(app: FastifyInstance, host: string, port: number): Promise<string> {
  await app.listen({ host, port });
  const address = app.server.address() as AddressInfo;
  return `http://${host}:${address.port}`;
}
