import type { IncomingHttpHeaders } from 'node:http';
import type { Assumptions, Contract } from '../spec/index.ts';
import type { Capabilities } from './capabilities.ts';
import type { HookChain } from './hooks.ts';
import type { RateLimiter } from './rate-limit.ts';
import type { Store, TokenRecord } from './store.ts';

/** Everything one mock instance shares between its requests. */
export interface MockContext {
  store: Store;
  assumptions: Assumptions;
  hooks: HookChain;
  contract: Contract;
  limiter: RateLimiter;
  /** Tokens with a write in progress (only a server that refuses concurrent writes keeps track). */
  inFlight: Set<string>;
}

/** An authenticated CMA request, after the protocol checks. */
export interface CmaRequest {
  mock: MockContext;
  params: Record<string, string>;
  query: Record<string, unknown>;
  headers: IncomingHttpHeaders;
  rawBody: Buffer | undefined;
  caller: TokenRecord;
  capabilities: Capabilities;
  now: number;
}
